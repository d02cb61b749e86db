/**
 * Layer taps: which intermediate tensors of an ONNX image model can be read out, and a rewritten model
 * whose outputs are exactly the chosen ones (ORT then skips every node no tap depends on).
 */
import { clone } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto } from 'onnx-buf';
import { DataType, tensorInfo } from './builder';

export interface Layer {
  /** Tensor name: what a tap names. */
  name: string;
  op: string;
  node: string;
}

export class TapError extends Error {
  override name = 'TapError';
}

/** Ops that compute shapes or constants, never activations worth tapping. */
const PLUMBING = new Set(['Shape', 'Size', 'Constant', 'ConstantOfShape', 'Range', 'NonZero', 'Cast']);

function dataInputs(model: ModelProto): string[] {
  const graph = model.graph!;
  const initializers = new Set(graph.initializer.map((t) => t.name));
  return graph.input.map((i) => i.name).filter((n) => !initializers.has(n));
}

/** Node outputs that depend on the image input, in graph order (candidates for taps). */
export function listLayers(model: ModelProto): Layer[] {
  const graph = model.graph;
  if (!graph) throw new TapError('the model has no graph');
  const dependent = new Set(dataInputs(model));
  const plumbing = new Set<string>();
  const layers: Layer[] = [];
  for (const node of graph.node) {
    const inputs = node.input.filter(Boolean);
    if (!inputs.some((i) => dependent.has(i))) continue;
    const isPlumbing =
      PLUMBING.has(node.opType) || inputs.filter((i) => dependent.has(i)).every((i) => plumbing.has(i));
    for (const output of node.output.filter(Boolean)) {
      dependent.add(output);
      if (isPlumbing) plumbing.add(output);
      else layers.push({ name: output, op: node.opType, node: node.name });
    }
  }
  return layers;
}

/** A copy of the model whose outputs are the given tensors (float32), in the given order. */
export function tapModel(model: ModelProto, names: string[]): ModelProto {
  if (names.length === 0) throw new TapError('choose at least one layer to tap');
  const known = new Set(listLayers(model).map((l) => l.name));
  for (const o of model.graph!.output) known.add(o.name);
  const missing = names.filter((n) => !known.has(n));
  if (missing.length) {
    throw new TapError(`no layer named ${missing.map((n) => `"${n}"`).join(', ')} in this model`);
  }
  const tapped = clone(ModelProtoSchema, model);
  const existing = new Map(model.graph!.output.map((o) => [o.name, o]));
  // Shapes of intermediate tensors are not declared in the file; ORT infers them when it runs.
  tapped.graph!.output = names.map((n) => existing.get(n) ?? tensorInfo(n, undefined, DataType.FLOAT));
  return tapped;
}

/** The image input: name and declared shape (symbolic dimensions as strings). */
export function imageInput(model: ModelProto): { name: string; shape: (number | string)[] } {
  const name = dataInputs(model)[0];
  if (!name) throw new TapError('the model has no input');
  const input = model.graph!.input.find((i) => i.name === name)!;
  const t = input.type?.value;
  const dims = t?.case === 'tensorType' ? (t.value.shape?.dim ?? []) : [];
  const shape = dims.map((d) =>
    d.value.case === 'dimValue' ? Number(d.value.value) : (d.value.value ?? '?'),
  );
  if (shape.length !== 4) {
    throw new TapError(
      `input "${name}" has shape [${shape.join(', ')}]; an image model takes (batch, 3, height, width)`,
    );
  }
  return { name, shape };
}
