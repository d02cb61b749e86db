/**
 * TensorFlow.js layers models (Keras functional CNNs, `model.json` + weight bytes) → ONNX, in NCHW, with
 * batch norm folded into the convolution before it. The graph uses only ops that onnxruntime-web runs on
 * wasm and WebGPU and that our gradient graphs can differentiate, and every tensor keeps the name of the
 * Keras layer whose output it is, so layer taps read like the original model.
 */
import {
  buildModel,
  floatTensor,
  node,
  tensorInfo,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './builder';

/** One entry of a tfjs weights manifest. */
export interface TfjsWeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  /** Stored as `dtype` integers q; the value is q · scale + min. */
  quantization?: { dtype: string; min?: number; scale?: number };
}

/** A parsed tfjs layers-format `model.json`. */
export interface TfjsModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: TfjsWeightSpec[] }[];
}

export interface ConvertOptions {
  /** Graph name in the ONNX file. */
  name?: string;
  /** Final tensor names for some converted ones (e.g. `{ dense_3: 'probabilities' }`); unknown keys throw. */
  rename?: Record<string, string>;
}

export interface ConvertedModel {
  model: ModelProto;
  /** Every named tensor's shape without the batch dimension: [C, H, W] or [features]. */
  shapes: Map<string, number[]>;
}

export class TfjsConvertError extends Error {
  override name = 'TfjsConvertError';
}

/** The image input of every converted model. */
export const IMAGE_INPUT = 'image';

interface Weight {
  shape: number[];
  values: Float32Array;
}

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Bytes per stored value, for the storage types we decode. */
const WIDTH = new Map([
  ['uint8', 1],
  ['uint16', 2],
  ['float32', 4],
]);

/** Decodes the weights of a manifest from the concatenated shard bytes, dequantising uint8/uint16. */
export function readWeights(specs: TfjsWeightSpec[], data: Uint8Array): Map<string, Weight> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const weights = new Map<string, Weight>();
  let offset = 0;
  for (const spec of specs) {
    const n = product(spec.shape);
    const q = spec.quantization;
    const stored = q?.dtype ?? spec.dtype;
    const width = WIDTH.get(stored);
    if (spec.dtype !== 'float32' || !width) {
      throw new TfjsConvertError(`weight ${spec.name}: ${stored} storage of ${spec.dtype} is not supported`);
    }
    if (offset + n * width > data.byteLength) {
      throw new TfjsConvertError(`weight ${spec.name}: the weight data ends before it does`);
    }
    const values = new Float32Array(n);
    if (stored === 'float32') {
      for (let i = 0; i < n; i++) values[i] = view.getFloat32(offset + i * 4, true);
    } else {
      if (typeof q?.min !== 'number' || typeof q.scale !== 'number') {
        throw new TfjsConvertError(`weight ${spec.name}: quantised without min and scale`);
      }
      const { min, scale } = q;
      const read =
        width === 1 ? (i: number) => data[offset + i] : (i: number) => view.getUint16(offset + 2 * i, true);
      for (let i = 0; i < n; i++) values[i] = read(i) * scale + min;
    }
    weights.set(spec.name, { shape: spec.shape, values });
    offset += n * width;
  }
  if (offset !== data.byteLength) {
    throw new TfjsConvertError(
      `the manifest describes ${offset} bytes of weights, the data has ${data.byteLength}`,
    );
  }
  return weights;
}

type Config = Record<string, unknown>;

interface KerasLayer {
  name: string;
  className: string;
  config: Config;
  inputs: string[];
}

const isObject = (v: unknown): v is Config => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Layers in file order (Keras writes them topologically sorted), with the names of the layers they read. */
function parseTopology(topology: unknown): { layers: KerasLayer[]; inputs: string[]; outputs: string[] } {
  // Keras-converted files wrap the model in `model_config`; tfjs-saved ones do not.
  const model = isObject(topology) && isObject(topology.model_config) ? topology.model_config : topology;
  if (!isObject(model) || !isObject(model.config) || !Array.isArray(model.config.layers)) {
    throw new TfjsConvertError('model.json has no layers-format topology (a graph model?)');
  }
  if (model.class_name !== 'Model' && model.class_name !== 'Functional') {
    throw new TfjsConvertError(`only functional models are supported, not ${String(model.class_name)}`);
  }
  const ref = (r: unknown): string => {
    if (!Array.isArray(r) || typeof r[0] !== 'string' || r[1] !== 0 || r[2] !== 0) {
      throw new TfjsConvertError(`unsupported layer reference ${JSON.stringify(r)} (shared layers?)`);
    }
    return r[0];
  };
  const layers = (model.config.layers as unknown[]).map((l): KerasLayer => {
    if (
      !isObject(l) ||
      typeof l.name !== 'string' ||
      typeof l.class_name !== 'string' ||
      !isObject(l.config)
    ) {
      throw new TfjsConvertError(`malformed layer ${JSON.stringify(l)?.slice(0, 80)}`);
    }
    const calls = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
    if (calls.length > 1 || (calls.length === 1 && !Array.isArray(calls[0]))) {
      throw new TfjsConvertError(`layer ${l.name}: called more than once, or a Keras 3 file`);
    }
    const inputs = calls.length ? (calls[0] as unknown[]).map(ref) : [];
    return { name: l.name, className: l.class_name, config: l.config, inputs };
  });
  const refs = (v: unknown) => (Array.isArray(v) ? v.map(ref) : []);
  return { layers, inputs: refs(model.config.input_layers), outputs: refs(model.config.output_layers) };
}

/** A converted tensor; `pad` is a zero padding not applied yet, to be absorbed by the convolution reading it. */
interface Value {
  name: string;
  shape: number[];
  pad?: [number, number, number, number];
}

type Pair = [number, number];

const pair = (v: unknown, what: string): Pair => {
  if (Number.isInteger(v)) return [v as number, v as number];
  if (Array.isArray(v) && v.length === 2 && v.every(Number.isInteger)) return v as Pair;
  throw new TfjsConvertError(`${what} must be an integer or two, not ${JSON.stringify(v)}`);
};

/** Per-axis [before, after] padding and output size, TensorFlow's rules ('same' puts the odd pixel last). */
function window(size: number, kernel: number, stride: number, dilation: number, padding: unknown): number[] {
  const span = (kernel - 1) * dilation + 1;
  if (padding === 'valid') {
    if (size < span) throw new TfjsConvertError(`a ${span}-pixel window does not fit in ${size} pixels`);
    return [0, 0, Math.floor((size - span) / stride) + 1];
  }
  if (padding !== 'same') throw new TfjsConvertError(`padding "${String(padding)}" is not supported`);
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + span - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2), out];
}

/** Keras [kh, kw, in, out] kernel → ONNX [out, in, kh, kw]. */
function toOihw(k: Weight): Float32Array {
  const [kh, kw, ci, co] = k.shape;
  const out = new Float32Array(k.values.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++)
          out[((o * ci + i) * kh + y) * kw + x] = k.values[((y * kw + x) * ci + i) * co + o];
  return out;
}

const ACTIVATIONS = new Set(['linear', 'relu', 'relu6', 'softmax']);

/** Accumulates the ONNX graph; every tensor it names gets a recorded shape. */
class Converter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  /** Keras layer name → its output. */
  readonly values = new Map<string, Value>();
  readonly shapes = new Map<string, number[]>();
  private readonly used = new Set<string>();
  private readonly renamed = new Set<string>();

  constructor(
    private readonly weights: Map<string, Weight>,
    private readonly rename: Map<string, string>,
  ) {}

  /** The ONNX name of a tensor the converter calls `name`. */
  named(name: string): string {
    const to = this.rename.get(name);
    if (to === undefined) return name;
    this.renamed.add(name);
    return to;
  }

  weight(layer: string, param: string, shape: number[]): Weight {
    const key = `${layer}/${param}`;
    const w = this.weights.get(key);
    if (!w) throw new TfjsConvertError(`layer ${layer}: no weight "${key}" in the manifest`);
    if (w.shape.join() !== shape.join()) {
      throw new TfjsConvertError(`weight ${key}: shape [${w.shape}], expected [${shape}]`);
    }
    this.used.add(key);
    return w;
  }

  /** Names given to `rename` that matched nothing, and weights that no layer read: both mean a mistake. */
  leftovers(): string[] {
    return [
      ...[...this.rename.keys()]
        .filter((k) => !this.renamed.has(k))
        .map((k) => `rename of unknown tensor ${k}`),
      ...[...this.weights.keys()].filter((k) => !this.used.has(k)).map((k) => `unused weight ${k}`),
    ];
  }

  initializer(name: string, dims: number[], values: Float32Array): string {
    if (this.initializers.some((t) => t.name === name))
      throw new TfjsConvertError(`two initializers named ${name}`);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  emit(op: string, inputs: string[], output: string, shape: number[], attributes: Attributes = {}): Value {
    if (this.shapes.has(output) || output === IMAGE_INPUT) {
      throw new TfjsConvertError(`two tensors named ${output} (check rename)`);
    }
    this.nodes.push(node(op, inputs, [output], attributes));
    this.shapes.set(output, shape);
    return { name: output, shape };
  }

  /** Keras' activation on `x`, producing `output` (nothing to do for 'linear'). */
  activation(kind: unknown, x: Value, output: string): Value {
    if (typeof kind !== 'string' || !ACTIVATIONS.has(kind)) {
      throw new TfjsConvertError(`activation ${JSON.stringify(kind)} is not supported`);
    }
    if (kind === 'linear') return x;
    if (kind === 'relu') return this.emit('Relu', [x.name], output, x.shape);
    if (kind === 'relu6') return this.clip(x, 6, output);
    // Keras softmax runs over the last (channel) axis, which is axis 1 in NCHW and in [batch, features].
    return this.emit('Softmax', [x.name], output, x.shape, { axis: 1 });
  }

  clip(x: Value, max: number, output: string): Value {
    // One pair of bound scalars per distinct bound, shared by every Clip that uses it.
    const bound = (v: number) =>
      this.initializers.some((t) => t.name === `clip/${v}`)
        ? `clip/${v}`
        : this.initializer(`clip/${v}`, [], Float32Array.of(v));
    const [lo, hi] = [bound(0), bound(max)];
    return this.emit('Clip', [x.name, lo, hi], output, x.shape);
  }
}

type Attributes = Parameters<typeof node>[3];

function channelsLast(layer: KerasLayer): void {
  const f = layer.config.data_format;
  if (f !== undefined && f !== 'channels_last') {
    throw new TfjsConvertError(`layer ${layer.name}: data_format ${String(f)} is not supported`);
  }
}

function imageShape(layer: KerasLayer, x: Value): [number, number, number] {
  if (x.shape.length !== 3)
    throw new TfjsConvertError(`layer ${layer.name}: expects an image, got [${x.shape}]`);
  return x.shape as [number, number, number];
}

interface BatchNorm {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

function batchNorm(c: Converter, layer: KerasLayer, channels: number): BatchNorm {
  const { axis, epsilon, center, scale } = layer.config;
  if (!(axis === -1 || axis === 3 || (Array.isArray(axis) && axis.length === 1 && axis[0] === 3))) {
    throw new TfjsConvertError(`layer ${layer.name}: batch norm over axis ${JSON.stringify(axis)}`);
  }
  const param = (name: string, off: boolean, fill: number) =>
    off ? new Float32Array(channels).fill(fill) : c.weight(layer.name, name, [channels]).values;
  return {
    gamma: param('gamma', scale === false, 1),
    beta: param('beta', center === false, 0),
    mean: param('moving_mean', false, 0),
    variance: param('moving_variance', false, 1),
    epsilon: typeof epsilon === 'number' ? epsilon : 1e-3,
  };
}

/** Conv2D / DepthwiseConv2D, absorbing the zero padding before it and the batch norm after it (if given). */
function convolution(
  c: Converter,
  layer: KerasLayer,
  x: Value,
  bn: KerasLayer | undefined,
  out: string,
): Value {
  channelsLast(layer);
  const [ci, h, w] = imageShape(layer, x);
  const cfg = layer.config;
  const depthwise = layer.className === 'DepthwiseConv2D';
  const [kh, kw] = pair(cfg.kernel_size, `${layer.name} kernel_size`);
  const [sh, sw] = pair(cfg.strides ?? 1, `${layer.name} strides`);
  const [dh, dw] = pair(cfg.dilation_rate ?? 1, `${layer.name} dilation_rate`);
  if ((cfg.groups ?? 1) !== 1) throw new TfjsConvertError(`layer ${layer.name}: grouped Conv2D`);
  const mult = depthwise ? Number(cfg.depth_multiplier ?? 1) : 1;
  const co = depthwise ? ci * mult : Number(cfg.filters);
  // A depthwise kernel [kh, kw, C, M] is the grouped kernel [kh, kw, 1, C·M]: output channel c·M + m.
  const kernel = depthwise
    ? c.weight(layer.name, 'depthwise_kernel', [kh, kw, ci, mult])
    : c.weight(layer.name, 'kernel', [kh, kw, ci, co]);
  const weights = toOihw({ shape: [kh, kw, depthwise ? 1 : ci, co], values: kernel.values });
  const bias =
    cfg.use_bias === false
      ? new Float32Array(co)
      : Float32Array.from(c.weight(layer.name, 'bias', [co]).values);
  if (bn) {
    // y = γ (conv(x) + b − μ) / √(σ² + ε) + β: scale each output channel's kernel and shift its bias.
    const { gamma, beta, mean, variance, epsilon } = batchNorm(c, bn, co);
    const per = weights.length / co;
    for (let o = 0; o < co; o++) {
      const s = gamma[o] / Math.sqrt(variance[o] + epsilon);
      for (let i = o * per; i < (o + 1) * per; i++) weights[i] *= s;
      bias[o] = (bias[o] - mean[o]) * s + beta[o];
    }
  }
  const [pt, pl, pb, pr] = x.pad ?? [0, 0, 0, 0];
  const [top, bottom, oh] = window(h + pt + pb, kh, sh, dh, cfg.padding);
  const [left, right, ow] = window(w + pl + pr, kw, sw, dw, cfg.padding);
  const activation = cfg.activation ?? 'linear';
  const linear = activation === 'linear' ? out : c.named(`${layer.name}/linear`);
  const inputs = [
    x.name,
    c.initializer(`${out}/weight`, [co, depthwise ? 1 : ci, kh, kw], weights),
    c.initializer(`${out}/bias`, [co], bias),
  ];
  const y = c.emit('Conv', inputs, linear, [co, oh, ow], {
    kernel_shape: [kh, kw],
    strides: [sh, sw],
    dilations: [dh, dw],
    pads: [top + pt, left + pl, bottom + pb, right + pr],
    group: depthwise ? ci : 1,
  });
  return c.activation(activation, y, out);
}

function standaloneBatchNorm(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  const channels = x.shape[0];
  const { gamma, beta, mean, variance, epsilon } = batchNorm(c, layer, channels);
  const inputs = [
    x.name,
    c.initializer(`${out}/gamma`, [channels], gamma),
    c.initializer(`${out}/beta`, [channels], beta),
    c.initializer(`${out}/mean`, [channels], mean),
    c.initializer(`${out}/variance`, [channels], variance),
  ];
  return c.emit('BatchNormalization', inputs, out, x.shape, { epsilon });
}

function pooling(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  channelsLast(layer);
  const [ch, h, w] = imageShape(layer, x);
  const [kh, kw] = pair(layer.config.pool_size, `${layer.name} pool_size`);
  const [sh, sw] = pair(layer.config.strides ?? [kh, kw], `${layer.name} strides`);
  const [top, bottom, oh] = window(h, kh, sh, 1, layer.config.padding);
  const [left, right, ow] = window(w, kw, sw, 1, layer.config.padding);
  const average = layer.className === 'AveragePooling2D';
  if (average && kh === h && kw === w && oh === 1 && ow === 1 && top + bottom + left + right === 0) {
    // The mean of the whole map: GlobalAveragePool, which does not depend on the input size.
    return c.emit('GlobalAveragePool', [x.name], out, [ch, 1, 1]);
  }
  // TensorFlow leaves padded pixels out of an average: ONNX's default count_include_pad = 0.
  return c.emit(average ? 'AveragePool' : 'MaxPool', [x.name], out, [ch, oh, ow], {
    kernel_shape: [kh, kw],
    strides: [sh, sw],
    pads: [top, left, bottom, right],
  });
}

function globalAveragePooling(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  channelsLast(layer);
  const [ch] = imageShape(layer, x);
  if (layer.config.keepdims === true) return c.emit('GlobalAveragePool', [x.name], out, [ch, 1, 1]);
  const pooled = c.emit('GlobalAveragePool', [x.name], c.named(`${layer.name}/pool`), [ch, 1, 1]);
  return c.emit('Flatten', [pooled.name], out, [ch], { axis: 1 });
}

/** Keras' padding forms: n, [h, w], or [[top, bottom], [left, right]]. */
function zeroPadding(layer: KerasLayer, x: Value): Value {
  channelsLast(layer);
  const p = layer.config.padding;
  const what = `${layer.name} padding`;
  let top, bottom, left, right;
  if (Array.isArray(p) && Array.isArray(p[0]))
    [[top, bottom], [left, right]] = [pair(p[0], what), pair(p[1], what)];
  else [[top, left], [bottom, right]] = [pair(p, what), pair(p, what)];
  const [pt, pl, pb, pr] = x.pad ?? [0, 0, 0, 0];
  return { ...x, pad: [pt + top, pl + left, pb + bottom, pr + right] };
}

function add(c: Converter, layer: KerasLayer, xs: Value[], out: string): Value {
  const [first, ...rest] = xs;
  if (!rest.length || rest.some((v) => v.shape.join() !== first.shape.join())) {
    throw new TfjsConvertError(
      `layer ${layer.name}: adds tensors of shapes ${xs.map((v) => `[${v.shape}]`)}`,
    );
  }
  // ONNX Add is binary: a chain, whose last link carries the layer's name.
  return rest.reduce(
    (sum, v, i) =>
      c.emit('Add', [sum.name, v.name], i === rest.length - 1 ? out : `${out}/sum${i + 1}`, first.shape),
    first,
  );
}

function dense(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  if (x.shape.length !== 1) throw new TfjsConvertError(`layer ${layer.name}: Dense on [${x.shape}]`);
  const [features] = x.shape;
  const units = Number(layer.config.units);
  const activation = layer.config.activation ?? 'linear';
  const kernel = c.weight(layer.name, 'kernel', [features, units]).values;
  const inputs = [x.name, c.initializer(`${out}/kernel`, [features, units], kernel)];
  if (layer.config.use_bias !== false) {
    inputs.push(c.initializer(`${out}/bias`, [units], c.weight(layer.name, 'bias', [units]).values));
  }
  const linear = activation === 'linear' ? out : c.named(`${layer.name}/linear`);
  return c.activation(activation, c.emit('Gemm', inputs, linear, [units]), out);
}

function flatten(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  // NHWC and NCHW flatten to the same order only when the map is a single pixel.
  if (x.shape.length === 3 && x.shape[1] * x.shape[2] !== 1) {
    throw new TfjsConvertError(`layer ${layer.name}: flattening a ${x.shape[1]}×${x.shape[2]} map`);
  }
  return c.emit('Flatten', [x.name], out, [product(x.shape)], { axis: 1 });
}

function relu(c: Converter, layer: KerasLayer, x: Value, out: string): Value {
  const { max_value: max, negative_slope: slope = 0, threshold = 0 } = layer.config;
  if (slope !== 0 || threshold !== 0)
    throw new TfjsConvertError(`layer ${layer.name}: leaky or thresholded ReLU`);
  return typeof max === 'number' ? c.clip(x, max, out) : c.emit('Relu', [x.name], out, x.shape);
}

function inputLayer(layer: KerasLayer): Value {
  const s = layer.config.batch_input_shape;
  if (!Array.isArray(s) || s.length !== 4 || !s.slice(1).every(Number.isInteger)) {
    throw new TfjsConvertError(`input ${layer.name}: shape ${JSON.stringify(s)} is not [batch, H, W, C]`);
  }
  return { name: IMAGE_INPUT, shape: [s[3], s[1], s[2]] };
}

const ABSORBS_PADDING = new Set(['Conv2D', 'DepthwiseConv2D', 'ZeroPadding2D']);

/** Converts a tfjs layers model; `weightData` is the manifest's shards concatenated in order. */
export function convertLayersModel(
  json: TfjsModelJson,
  weightData: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  const { layers, inputs, outputs } = parseTopology(json.modelTopology);
  if (inputs.length !== 1) throw new TfjsConvertError(`the model has ${inputs.length} inputs, not one image`);
  const weights = readWeights(
    json.weightsManifest.flatMap((g) => g.weights),
    weightData,
  );
  const c = new Converter(weights, new Map(Object.entries(options.rename ?? {})));
  const readers = new Map<string, string[]>();
  for (const name of [...layers.flatMap((l) => l.inputs), ...outputs]) readers.set(name, []);
  for (const l of layers) for (const i of l.inputs) readers.get(i)!.push(l.name);
  for (const o of outputs) readers.get(o)!.push('(model output)');
  const byName = new Map(layers.map((l) => [l.name, l]));

  for (const layer of layers) {
    if (c.values.has(layer.name)) continue; // a batch norm already folded into its convolution
    const xs = layer.inputs.map((i) => {
      const v = c.values.get(i);
      if (!v) throw new TfjsConvertError(`layer ${layer.name} reads ${i}, which comes after it`);
      if (v.pad && !ABSORBS_PADDING.has(layer.className)) {
        throw new TfjsConvertError(
          `layer ${layer.name} reads the zero padding ${i}: only convolutions absorb one`,
        );
      }
      return v;
    });
    const x = xs[0];
    const out = () => c.named(layer.name); // only for layers that produce a tensor of their own
    const { className: kind, config } = layer;
    if (kind === 'InputLayer') c.values.set(layer.name, inputLayer(layer));
    else if (kind === 'ZeroPadding2D') c.values.set(layer.name, zeroPadding(layer, x));
    else if (kind === 'Dropout')
      c.values.set(layer.name, x); // the identity at inference
    else if (kind === 'Conv2D' || kind === 'DepthwiseConv2D') {
      const next = readers.get(layer.name) ?? [];
      const bn = next.length === 1 ? byName.get(next[0]) : undefined;
      if (bn?.className === 'BatchNormalization' && (config.activation ?? 'linear') === 'linear') {
        // The folded pair's output is the batch norm's: it keeps that name, the convolution's disappears.
        const y = convolution(c, layer, x, bn, c.named(bn.name));
        c.values.set(layer.name, y);
        c.values.set(bn.name, y);
      } else c.values.set(layer.name, convolution(c, layer, x, undefined, out()));
    } else {
      const convert: Record<string, () => Value> = {
        BatchNormalization: () => standaloneBatchNorm(c, layer, x, out()),
        ReLU: () => relu(c, layer, x, out()),
        Activation: () => c.activation(config.activation, x, out()),
        Add: () => add(c, layer, xs, out()),
        AveragePooling2D: () => pooling(c, layer, x, out()),
        MaxPooling2D: () => pooling(c, layer, x, out()),
        GlobalAveragePooling2D: () => globalAveragePooling(c, layer, x, out()),
        Flatten: () => flatten(c, layer, x, out()),
        Dense: () => dense(c, layer, x, out()),
      };
      if (!convert[kind]) throw new TfjsConvertError(`layer ${layer.name}: ${kind} is not supported`);
      c.values.set(layer.name, convert[kind]());
    }
  }

  const mistakes = c.leftovers();
  if (mistakes.length) throw new TfjsConvertError(mistakes.slice(0, 5).join('; '));
  const input = c.values.get(inputs[0])!;
  const model = buildModel({
    name: options.name ?? 'tfjs',
    inputs: [tensorInfo(IMAGE_INPUT, ['batch', ...input.shape])],
    outputs: outputs.map((o) => c.values.get(o)!).map((v) => tensorInfo(v.name, ['batch', ...v.shape])),
    nodes: c.nodes,
    initializers: c.initializers,
  });
  return { model, shapes: c.shapes };
}
