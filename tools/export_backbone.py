#!/usr/bin/env python3
"""Export a vision backbone to ONNX for boldstudio.

Writes two files:

  OUT            an ONNX model (opset <= 17) with one input, `image` (N, 3, H, W), float32, the batch axis
                 dynamic; its outputs are the modules you chose with --layers, named after them.
  OUT.json       the preprocessing sidecar boldstudio reads next to the model:
                 {"inputSize": 224, "mean": [r, g, b], "std": [r, g, b], "channelOrder": "RGB"}
                 taken from the weights' own transforms where torchvision / open_clip provide them.

boldstudio can tap any tensor of the graph, but named outputs give the layers you care about stable,
readable names (`layer3` instead of `/layer3/layer3.1/relu_1/Relu_output_0`).

Models:
  torchvision   --arch NAME, any name in torchvision.models.list_models() (alexnet, vgg16, resnet50,
                convnext_tiny, vit_b_16, ...); --weights DEFAULT or a weights name such as IMAGENET1K_V1
                (downloaded once into torch's cache), or --random for seeded random weights (no download).
  open_clip     --arch open_clip:MODEL (ViT-B-32, RN50, ...), exports the image tower (model.visual);
                --weights is the pretrained tag (e.g. laion2b_s34b_b79k), or --random. Needs
                `pip install open_clip_torch`.

Layers are module paths as in model.named_modules(): `features.4`, `layer3`, `layer4.1.conv2`,
`transformer.resblocks.6`. Use --list-modules to see them with their output shapes. Give a layer
another output name with PATH=NAME (`--layers features.4=conv2,layer3`).

Needs torch and torchvision (>= 0.14); onnx is used to check the result when installed, and
onnxruntime to compare it with PyTorch when installed. boldstudio itself never needs Python.
"""

from __future__ import annotations

import argparse
import difflib
import inspect
import json
import math
import os
import sys
import warnings

IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
MAX_OPSET = 17
MIN_OPSET = 11
INPUT_NAME = "image"
TRACE_BATCH = 2

EXAMPLES = """\
examples:
  %(prog)s --arch resnet50 --layers layer2,layer4 --out resnet50.onnx
  %(prog)s --arch alexnet --layers features.1,features.4,features.12 --out alexnet.onnx --random
  %(prog)s --arch vgg16 --layers features.15=conv3_3,features.29=conv5_3 --out vgg16.onnx
  %(prog)s --arch open_clip:ViT-B-32 --weights laion2b_s34b_b79k \\
      --layers transformer.resblocks.5,transformer.resblocks.11 --out clip-vitb32.onnx
  %(prog)s --arch resnet50 --list-modules

Then: npx boldstudio layers --model resnet50.onnx
"""


class ExportError(Exception):
    """A problem the user can fix; printed without a traceback."""


def note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


# ---------------------------------------------------------------------------------------------------------
# Command line


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="export_backbone.py",
        description=(
            "Export a torchvision model, or an open_clip model's image tower, to ONNX for boldstudio:\n"
            f"one input `{INPUT_NAME}` (N, 3, H, W) with a dynamic batch axis, the chosen modules' outputs\n"
            "as named graph outputs, and the preprocessing sidecar OUT.json (inputSize, mean, std,\n"
            "channelOrder) from the weights' transforms."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--arch",
        required=True,
        metavar="NAME",
        help="torchvision model name (resnet50, alexnet, vgg16, ...) or open_clip:MODEL (open_clip:ViT-B-32)",
    )
    parser.add_argument(
        "--layers",
        metavar="PATH[=NAME],...",
        help="comma-separated module paths whose outputs become graph outputs, e.g. layer2,layer4 or "
        "features.4=conv2; see --list-modules. Required unless --list-modules",
    )
    parser.add_argument("--out", metavar="OUT.onnx", help="the ONNX file to write (the sidecar goes to OUT.json)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--weights",
        metavar="NAME",
        default=None,
        help="pretrained weights: DEFAULT (the default), a torchvision weights name such as IMAGENET1K_V1, "
        "or for open_clip a pretrained tag such as openai or laion2b_s34b_b79k",
    )
    source.add_argument(
        "--random",
        action="store_true",
        help="seeded random weights instead of pretrained ones (nothing is downloaded)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for --random and the trace input (default 0)")
    parser.add_argument(
        "--input-size",
        type=int,
        metavar="PX",
        help="side of the square input; default: the weights' crop size (224 for most models)",
    )
    parser.add_argument(
        "--opset",
        type=int,
        default=MAX_OPSET,
        help=f"ONNX opset, {MIN_OPSET}..{MAX_OPSET} (default {MAX_OPSET})",
    )
    parser.add_argument(
        "--list-modules",
        action="store_true",
        help="print the model's module paths with their output shapes at the input size, and exit",
    )
    parser.add_argument("--force", action="store_true", help="overwrite OUT and OUT.json if they exist")
    args = parser.parse_args(argv)

    if not (MIN_OPSET <= args.opset <= MAX_OPSET):
        parser.error(f"--opset must be between {MIN_OPSET} and {MAX_OPSET}, got {args.opset}")
    if args.input_size is not None and not (8 <= args.input_size <= 2048):
        parser.error(f"--input-size must be 8..2048, got {args.input_size}")
    if not args.list_modules:
        if not args.layers:
            parser.error("--layers is required (see --list-modules for the module paths)")
        if not args.out:
            parser.error("--out is required")
    return args


def parse_layers(spec: str) -> list[tuple[str, str]]:
    """'a.b,c=name' -> [('a.b', 'a.b'), ('c', 'name')]"""
    taps: list[tuple[str, str]] = []
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        path, _, name = item.partition("=")
        path, name = path.strip(), (name.strip() or path.strip())
        if not path:
            raise ExportError(f'--layers: "{item}" has no module path')
        taps.append((path, name))
    if not taps:
        raise ExportError("--layers: no module paths given")
    names = [n for _, n in taps]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ExportError(f"--layers: output name(s) used twice: {', '.join(duplicates)}; rename with PATH=NAME")
    if INPUT_NAME in names:
        raise ExportError(f'--layers: "{INPUT_NAME}" is the input\'s name; rename that output with PATH=NAME')
    return taps


# ---------------------------------------------------------------------------------------------------------
# Building the model


def import_torch():
    try:
        import torch
        import torchvision
    except ImportError as error:
        raise ExportError(
            f"this script needs PyTorch and torchvision ({error}). Install them, e.g. "
            "`pip install torch torchvision onnx` (see https://pytorch.org/get-started/)"
        ) from error
    return torch, torchvision


def build_torchvision(arch: str, args: argparse.Namespace, for_listing: bool):
    """-> (model, preprocessing dict, description)"""
    torch, torchvision = import_torch()
    models = torchvision.models
    if not hasattr(models, "get_model"):
        raise ExportError(f"torchvision {torchvision.__version__} is too old: this script needs >= 0.14")
    known = models.list_models()
    if arch not in known:
        close = difflib.get_close_matches(arch, known, n=5)
        hint = (
            f"Did you mean: {', '.join(close)}?"
            if close
            else f"The classification models are: {', '.join(models.list_models(module=models))}"
        )
        raise ExportError(f'torchvision has no model "{arch}". {hint}')

    try:
        weights_enum = models.get_model_weights(arch)
    except Exception:  # some builders have no weights
        weights_enum = None

    weights = None
    if weights_enum is not None:
        wanted = args.weights or "DEFAULT"
        try:
            weights = weights_enum[wanted] if wanted != "DEFAULT" else weights_enum.DEFAULT
        except KeyError:
            names = ", ".join(["DEFAULT"] + [w.name for w in weights_enum])
            raise ExportError(f'{arch} has no weights "{wanted}"; choose one of: {names}') from None
    elif args.weights:
        raise ExportError(f"torchvision has no pretrained weights for {arch}; use --random")
    elif not args.random and not for_listing:
        raise ExportError(f"torchvision has no pretrained weights for {arch}; use --random")

    # Preprocessing comes from the weights' transforms; with --random, from the architecture's default
    # weights (their transforms need no download), so the sidecar matches what the model would be trained on.
    preprocessing = {"inputSize": 224, "mean": IMAGENET_MEAN, "std": IMAGENET_STD, "channelOrder": "RGB"}
    if weights is not None:
        preprocessing = preprocessing_from_transforms(weights.transforms(), preprocessing)
    else:
        note(f"{arch} has no weights enum: using ImageNet preprocessing (224 px, ImageNet mean/std)")

    load_pretrained = not args.random and not for_listing
    if load_pretrained:
        print(f"loading {arch} with weights {weights} (downloaded into torch's cache the first time) ...")
        try:
            model = models.get_model(arch, weights=weights)
        except Exception as error:  # network errors come in many types
            raise ExportError(
                f"could not load the {weights} weights for {arch}: {error}\n"
                "If this machine is offline, download them once elsewhere into torch's cache "
                "(~/.cache/torch/hub/checkpoints, or $TORCH_HOME), or use --random."
            ) from error
        description = f"torchvision {arch}, weights {weights}"
    else:
        torch.manual_seed(args.seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. googlenet/inception warn about their weight init
            model = models.get_model(arch, weights=None)
        description = f"torchvision {arch}, random weights (seed {args.seed})"
    return model, preprocessing, description


def preprocessing_from_transforms(transforms, fallback: dict) -> dict:
    """torchvision's ImageClassification preset (crop_size, mean, std) -> sidecar fields."""
    result = dict(fallback)
    crop = getattr(transforms, "crop_size", None)
    if isinstance(crop, (list, tuple)) and crop:
        result["inputSize"] = int(crop[0])
    elif isinstance(crop, int):
        result["inputSize"] = crop
    mean, std = getattr(transforms, "mean", None), getattr(transforms, "std", None)
    if mean is not None and len(mean) == 3 and std is not None and len(std) == 3:
        result["mean"], result["std"] = [float(v) for v in mean], [float(v) for v in std]
    else:
        note("the weights' transforms have no 3-channel mean/std: using ImageNet's")
    return result


def build_open_clip(name: str, args: argparse.Namespace, for_listing: bool):
    """-> (model.visual, preprocessing dict, description)"""
    torch, _ = import_torch()
    try:
        import open_clip
    except ImportError:
        raise ExportError(
            "--arch open_clip:... needs the open_clip package: `pip install open_clip_torch` "
            "(https://github.com/mlfoundations/open_clip)"
        ) from None
    if not name:
        raise ExportError("--arch open_clip:MODEL needs a model name, e.g. open_clip:ViT-B-32")
    known = open_clip.list_models()
    if name not in known:
        close = difflib.get_close_matches(name, known, n=5)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise ExportError(f'open_clip has no model "{name}".{hint} See open_clip.list_models().')

    pretrained = None if (args.random or for_listing) else (args.weights or "DEFAULT")
    if pretrained == "DEFAULT":
        tags = [tag for model_name, tag in open_clip.list_pretrained() if model_name == name]
        if not tags:
            raise ExportError(f"open_clip publishes no weights for {name}; use --random")
        pretrained = tags[0]
        note(f"open_clip:{name}'s default weights are its first published tag, {pretrained} (of {', '.join(tags)})")

    torch.manual_seed(args.seed)
    if pretrained:
        print(f"loading open_clip {name} with pretrained={pretrained} (downloaded the first time) ...")
    try:
        model, _, preprocess = open_clip.create_model_and_transforms(name, pretrained=pretrained)
    except Exception as error:
        raise ExportError(f"could not create open_clip {name} (pretrained={pretrained}): {error}") from error
    visual = model.visual

    preprocessing = {"inputSize": 224, "mean": IMAGENET_MEAN, "std": IMAGENET_STD, "channelOrder": "RGB"}
    size = getattr(visual, "image_size", None)
    if isinstance(size, (list, tuple)):
        if len(set(size)) != 1:
            raise ExportError(f"open_clip {name} takes non-square images {tuple(size)}; boldstudio needs square")
        size = size[0]
    if isinstance(size, int):
        preprocessing["inputSize"] = size
    mean, std = getattr(visual, "image_mean", None), getattr(visual, "image_std", None)
    if mean is None or std is None:  # older open_clip: read them from the Normalize transform
        for t in getattr(preprocess, "transforms", []):
            if type(t).__name__ == "Normalize":
                mean, std = t.mean, t.std
    if mean is not None and std is not None:
        preprocessing["mean"], preprocessing["std"] = [float(v) for v in mean], [float(v) for v in std]
    else:
        note(f"could not find open_clip {name}'s mean/std: using ImageNet's")

    weights = f"pretrained {pretrained}" if pretrained else f"random weights (seed {args.seed})"
    return visual, preprocessing, f"open_clip {name} image tower, {weights}"


def build(args: argparse.Namespace, for_listing: bool = False):
    if args.arch.startswith("open_clip:"):
        model, preprocessing, description = build_open_clip(args.arch[len("open_clip:") :], args, for_listing)
    else:
        model, preprocessing, description = build_torchvision(args.arch, args, for_listing)
    if args.input_size is not None:
        if args.input_size != preprocessing["inputSize"]:
            note(
                f"--input-size {args.input_size} differs from the weights' {preprocessing['inputSize']} px; "
                f"the model is exported, and the sidecar written, for {args.input_size}"
            )
        preprocessing["inputSize"] = args.input_size
    model.eval()
    # In-place activations (ReLU(inplace=True)) would overwrite a tapped module's output before it is read:
    # switch them off, so every tap is exactly what its module returned.
    for module in model.modules():
        if isinstance(getattr(module, "inplace", None), bool):
            module.inplace = False
    return model, preprocessing, description


# ---------------------------------------------------------------------------------------------------------
# Taps


def first_tensor(value):
    import torch

    if isinstance(value, torch.Tensor):
        return value, False
    if isinstance(value, (tuple, list)):
        for item in value:
            if isinstance(item, torch.Tensor):
                return item, True
    return None, False


def make_tapped(model, taps: list[tuple[str, str]]):
    """The model wrapped so that the outputs of the chosen submodules (caught by forward hooks) are the
    forward's outputs, in order. The model's own output is left unused, so the exporter drops the layers
    after the deepest tap."""
    import torch

    class Tapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model
            modules = dict(model.named_modules())
            self.paths = [path for path, _ in taps]
            self.calls: dict[str, list] = {}
            self.from_tuple: dict[str, bool] = {}
            self.transpose: dict[str, bool] = {path: False for path in self.paths}
            for path in dict.fromkeys(self.paths):
                modules[path].register_forward_hook(self._hook(path))

        def _hook(self, path):
            def hook(module, inputs, output):
                tensor, from_tuple = first_tensor(output)
                self.from_tuple[path] = from_tuple
                # A copy: later in-place ops (`out += identity`) must not change what was tapped.
                self.calls[path].append(tensor.clone() if tensor is not None else output)

            return hook

        def run_model(self, image):
            self.calls = {path: [] for path in self.paths}
            self.model(image)
            return self.calls

        def forward(self, image):
            calls = self.run_model(image)
            outputs = []
            for path in self.paths:
                value = calls[path][-1]
                outputs.append(value.transpose(0, 1) if self.transpose[path] else value)
            return tuple(outputs)

    return Tapped()


def resolve_taps(model, taps: list[tuple[str, str]]) -> None:
    modules = dict(model.named_modules())
    for path, _ in taps:
        if path in modules and path != "":
            continue
        close = difflib.get_close_matches(path, [p for p in modules if p], n=6, cutoff=0.5)
        hint = f" Close: {', '.join(close)}." if close else ""
        raise ExportError(f'no module "{path}" in this model.{hint} Run with --list-modules to see them all.')


def probe(tapped, taps, image) -> list[tuple[int, ...]]:
    """Run once in eager mode: check each tap is a batch-first tensor; -> per-image shapes."""
    import torch

    with torch.no_grad():
        try:
            calls = tapped.run_model(image)
        except Exception as error:
            raise ExportError(
                f"the model failed on a {tuple(image.shape)} input: {error}\n"
                "Some models need their own input size (--input-size), and video or detection models "
                "do not take a single image batch."
            ) from error
    shapes = []
    for path, name in taps:
        values = calls[path]
        if not values:
            raise ExportError(f'module "{path}" did not run in the forward pass, so it cannot be an output')
        value = values[-1]
        if len(values) > 1:
            note(f'module "{path}" runs {len(values)} times per forward; "{name}" is its last output')
        if not isinstance(value, torch.Tensor):
            raise ExportError(f'module "{path}" returns {type(value).__name__}, not a tensor; tap another module')
        if tapped.from_tuple[path]:
            note(f'module "{path}" returns a tuple; "{name}" is its first tensor')
        if not value.is_floating_point():
            raise ExportError(f'module "{path}" returns {value.dtype} values; boldstudio taps float tensors')
        if value.dim() >= 1 and value.shape[0] == TRACE_BATCH:
            pass
        elif value.dim() >= 2 and value.shape[1] == TRACE_BATCH:
            # e.g. transformer blocks working in (tokens, batch, width) order
            note(f'module "{path}" puts the batch on axis 1 {tuple(value.shape)}; "{name}" is transposed to batch-first')
            tapped.transpose[path] = True
            value = value.transpose(0, 1)
        else:
            raise ExportError(
                f'module "{path}" output {tuple(value.shape)} has no batch axis; '
                "tap a module whose output is per image"
            )
        shapes.append(tuple(value.shape[1:]))
    return shapes


# ---------------------------------------------------------------------------------------------------------
# Listing modules


def per_image_shape(tensor) -> str:
    """A module output's shape without its batch axis (the model ran on TRACE_BATCH images), as text."""
    if tensor is None:
        return "(no tensor)"
    shape = list(tensor.shape)
    text = lambda dims: "(" + ", ".join(str(d) for d in dims) + ")"  # noqa: E731
    if shape and shape[0] == TRACE_BATCH:
        return text(shape[1:])
    if len(shape) >= 2 and shape[1] == TRACE_BATCH:
        return text(shape[:1] + shape[2:]) + "  batch on axis 1"
    return text(shape) + "  no batch axis"


def list_modules(args: argparse.Namespace) -> None:
    import torch

    model, preprocessing, description = build(args, for_listing=True)
    side = preprocessing["inputSize"]
    shapes: dict[str, list] = {}

    def hook_for(path):
        def hook(module, inputs, output):
            tensor, _ = first_tensor(output)
            shapes.setdefault(path, []).append(per_image_shape(tensor))

        return hook

    handles = [m.register_forward_hook(hook_for(p)) for p, m in model.named_modules() if p]
    failed = None
    with torch.no_grad():
        try:
            model(torch.zeros(TRACE_BATCH, 3, side, side))
        except Exception as error:
            failed = error
    for handle in handles:
        handle.remove()

    print(f"{description}; output shapes per image at {side}x{side} (tap any module that runs)")
    rows = []
    for path, module in model.named_modules():
        if not path:
            continue
        calls = shapes.get(path)
        if calls is None:
            shape = "(not run)" if failed is None else ""
        else:
            shape = calls[-1]
            if len(calls) > 1:
                shape += f"  x{len(calls)} calls, last shown"
        rows.append((path, type(module).__name__, shape))
    width = max(len(p) for p, _, _ in rows) if rows else 0
    cls_width = max(len(c) for _, c, _ in rows) if rows else 0
    for path, cls, shape in rows:
        print(f"{path.ljust(width)}  {cls.ljust(cls_width)}  {shape}".rstrip())
    if failed is not None:
        note(f"the forward pass at {side}x{side} failed, so shapes are missing: {failed}")


# ---------------------------------------------------------------------------------------------------------
# Export


def export(args: argparse.Namespace) -> None:
    import torch

    taps = parse_layers(args.layers)
    out = args.out
    sidecar = out + ".json"
    if not out.endswith(".onnx"):
        note(f"{out} does not end in .onnx")
    for path in (out, sidecar):
        if os.path.exists(path) and not args.force:
            raise ExportError(f"{path} exists; pass --force to overwrite it")
    directory = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(directory):
        raise ExportError(f"the folder {directory} does not exist")

    model, preprocessing, description = build(args)
    resolve_taps(model, taps)
    tapped = make_tapped(model, taps)
    tapped.eval()
    side = preprocessing["inputSize"]
    generator = torch.Generator().manual_seed(args.seed)
    image = torch.rand(TRACE_BATCH, 3, side, side, generator=generator)
    shapes = probe(tapped, taps, image)
    names = [name for _, name in taps]

    if os.path.exists(sidecar):  # --force: a stale sidecar must not outlive a failed export
        os.remove(sidecar)
    print(f"exporting {description} at {side}x{side}, opset {args.opset} ...")
    dynamic_axes = {INPUT_NAME: {0: "batch"}}
    dynamic_axes.update({name: {0: "batch"} for name in names})
    options = dict(
        input_names=[INPUT_NAME],
        output_names=names,
        dynamic_axes=dynamic_axes,
        opset_version=args.opset,
        do_constant_folding=True,
        export_params=True,
    )
    if "dynamo" in inspect.signature(torch.onnx.export).parameters:
        options["dynamo"] = False  # the TorchScript exporter: honours opset <= 17 and dynamic_axes as given
    try:
        # Not under torch.no_grad(): without autograd, nn.MultiheadAttention takes a fused fast path
        # (aten::_native_multi_head_attention) that has no ONNX export.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=torch.jit.TracerWarning)
            torch.onnx.export(tapped, (image,), out, **options)
    except Exception as error:
        if os.path.exists(out):
            os.remove(out)
        raise ExportError(
            f"torch.onnx.export failed: {error}\n"
            f"Try another --opset (<= {MAX_OPSET}), or tap other modules."
        ) from error

    check_onnx(out, names, args.opset)
    compare_with_onnxruntime(out, tapped, names, image)

    # Exactly these four fields: boldstudio refuses a sidecar with any other.
    sidecar_json = {
        "inputSize": int(preprocessing["inputSize"]),
        "mean": [float(v) for v in preprocessing["mean"]],
        "std": [float(v) for v in preprocessing["std"]],
        "channelOrder": "RGB",
    }
    with open(sidecar, "w", encoding="utf-8") as f:
        json.dump(sidecar_json, f)
        f.write("\n")

    size_mb = os.path.getsize(out) / 1e6
    print(f"wrote {out} ({size_mb:.1f} MB): input {INPUT_NAME} (batch, 3, {side}, {side}); outputs per image:")
    width = max(len(n) for n in names)
    for (path, name), shape in zip(taps, shapes):
        source = "" if path == name else f"  <- {path}"
        values = math.prod(shape)
        print(f"  {name.ljust(width)}  ({', '.join(map(str, shape))})  {values:,} values{source}")
    print(f"wrote {sidecar}: {json.dumps(sidecar_json)}")
    print(f"next: npx boldstudio layers --model {out}")


def check_onnx(path: str, names: list[str], opset: int) -> None:
    try:
        import onnx
    except ImportError:
        note("the onnx package is not installed, so the file was not checked (pip install onnx)")
        return
    model = onnx.load(path, load_external_data=False)
    if any(t.data_location == onnx.TensorProto.EXTERNAL for t in model.graph.initializer):
        raise ExportError(
            f"{path} keeps its weights in separate files (the model is over protobuf's 2 GB); boldstudio "
            "reads single-file models: tap shallower layers, or choose a smaller model"
        )
    try:
        onnx.checker.check_model(model)
    except Exception as error:
        raise ExportError(f"{path} does not pass onnx.checker: {error}") from error
    inputs = [i.name for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    outputs = [o.name for o in model.graph.output]
    if inputs != [INPUT_NAME] or outputs != names:
        raise ExportError(f"{path} has inputs {inputs} and outputs {outputs}; expected [{INPUT_NAME}] and {names}")
    used = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
    if used > opset:
        raise ExportError(f"{path} uses opset {used}, above the requested {opset}")


def compare_with_onnxruntime(path: str, tapped, names: list[str], image) -> None:
    """When onnxruntime is installed: run the file on a different batch size and compare with PyTorch."""
    try:
        import numpy as np
        import onnxruntime
    except ImportError:
        return
    import torch

    batch = image[:1]  # a batch size other than the traced one exercises the dynamic axis
    with torch.no_grad():
        expected = [t.numpy() for t in tapped(batch)]
    try:
        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        actual = session.run(names, {INPUT_NAME: batch.numpy()})
    except Exception as error:
        note(f"onnxruntime {onnxruntime.__version__} could not run {path}, so it was not compared: {error}")
        return
    for name, want, got in zip(names, expected, actual):
        scale = float(np.abs(want).max()) or 1.0
        error = float(np.abs(want - got).max()) / scale if want.shape == got.shape else math.inf
        if not error < 1e-3:
            raise ExportError(
                f'{path}: output "{name}" differs from PyTorch (onnxruntime gives shape {tuple(got.shape)}, '
                f"PyTorch {tuple(want.shape)}; largest difference {error:.1e} of the largest value). "
                "The file is left for inspection; no sidecar was written."
            )
    print(f"checked with onnxruntime {onnxruntime.__version__}: outputs match PyTorch at batch size 1")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.list_modules:
            list_modules(args)
        else:
            export(args)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `--list-modules | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
