/**
 * Gradients of pooling and resizing, from ops that run on WebGPU: windows are read with a one-hot Conv and
 * written back with a ConvTranspose (no MaxPool Indices, no Scatter*), and Resize is two constant matrices.
 */
import type { Emitter, GradContext, GradRule } from '../context';
import { span, transposeAttrs, windowOf, type Window } from './linear';

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
const range = (n: number) => [...Array(n).keys()];

/** Every multi-index of `dims`, row-major. */
function* indices(dims: number[]): Generator<number[]> {
  const idx = dims.map(() => 0);
  for (let flat = 0; flat < product(dims); flat++) {
    yield [...idx];
    for (let i = dims.length - 1; i >= 0 && ++idx[i] === dims[i]; i--) idx[i] = 0;
  }
}

function reduceMin(e: Emitter, x: string, axes: number[]): string {
  return e.opset >= 18
    ? e.emit('ReduceMin', [x, e.ints(axes)], { keepdims: 1 })
    : e.emit('ReduceMin', [x], { axes, keepdims: 1 });
}

/**
 * Boolean mask of the first place along `axes` where `values` equals `target`, "first" meaning the lowest
 * number in `order` (places numbered `count` never count). This is torch's rule for ties in max pooling.
 */
function firstMatch(
  e: Emitter,
  values: string,
  target: string,
  order: string,
  count: number,
  axes: number[],
) {
  const candidates = e.emit('Where', [e.emit('Equal', [values, target]), order, e.scalar(count)]);
  return e.emit('Equal', [order, reduceMin(e, candidates, axes)]);
}

/** Images as a batch of one-channel maps, so that one small kernel serves every channel. */
const asMaps = (e: Emitter, x: string, dims: number[]) =>
  e.reshape(x, [dims[0] * dims[1], 1, ...dims.slice(2)]);

/** Window geometry and measured shapes of a pooling node. */
function poolGeometry(ctx: GradContext) {
  const x = ctx.shape(ctx.input(0));
  const y = ctx.shape(ctx.output(0));
  const kernel = ctx.attrInts('kernel_shape', []);
  if (kernel.length !== x.length - 2) throw ctx.error('kernel_shape must give every spatial axis');
  return { x, y, w: windowOf(ctx, kernel, x.slice(2), y.slice(2)) };
}

/** Whether kernel offset `k` of output `o` reads a real input element along axis i (of size n), not padding. */
function inside(w: Window, i: number, n: number, o: number, k: number): boolean {
  const at = o * w.strides[i] - w.begin[i] + k * w.dilations[i];
  return at >= 0 && at < n;
}

const maxPool: GradRule = (ctx, e) => {
  // storage_order only lays out the Indices output, which carries no gradient.
  const { x, y, w } = poolGeometry(ctx);
  const [xs, ys] = [x.slice(2), y.slice(2)];
  const offsets = product(w.kernel);
  // Channel k of a Conv with this kernel is the element at offset k (row-major) of every window.
  const oneHot = new Float32Array(offsets * offsets);
  for (let k = 0; k < offsets; k++) oneHot[k * offsets + k] = 1;
  const pick = e.floats(oneHot, [offsets, 1, ...w.kernel]);
  // Pad the reads to cover the windows the forward op made (ceil_mode included); padded zeros are then
  // kept out of the comparison by numbering them `offsets` in `order`.
  const end = xs.map((n, i) => Math.max(0, (ys[i] - 1) * w.strides[i] + span(w, i) - n - w.begin[i]));
  const windows = e.emit('Conv', [asMaps(e, ctx.input(0), x), pick], {
    strides: w.strides,
    dilations: w.dilations,
    pads: [...w.begin, ...end],
  });
  const outputs = [...indices(ys)];
  const order = [...indices(w.kernel)].flatMap((k, n) =>
    outputs.map((o) => (o.every((oi, i) => inside(w, i, xs[i], oi, k[i])) ? n : offsets)),
  );
  const first = firstMatch(
    e,
    windows,
    asMaps(e, ctx.output(0), y),
    e.floats(order, [offsets, ...ys]),
    offsets,
    [1],
  );
  const picked = e.emit('Where', [first, asMaps(e, ctx.gradOut(0)!, y), e.scalar(0)]);
  return [e.reshape(e.emit('ConvTranspose', [picked, pick], transposeAttrs(w, xs, ys)), x)];
};

const averagePool: GradRule = (ctx, e) => {
  if (ctx.attrInt('ceil_mode', 0)) throw ctx.error('ceil_mode=1 is not supported');
  const { x, y, w } = poolGeometry(ctx);
  const [xs, ys] = [x.slice(2), y.slice(2)];
  let weights: string;
  if (ctx.attrInt('count_include_pad', 0)) weights = e.scalar(1 / product(w.kernel));
  else {
    // Each output divides by its window's count of real (unpadded) elements, a product over the axes.
    const counts = ys.map((n, i) =>
      range(n).map((o) => range(w.kernel[i]).filter((k) => inside(w, i, xs[i], o, k)).length),
    );
    weights = e.floats(
      [...indices(ys)].map((o) => 1 / product(o.map((oi, i) => counts[i][oi]))),
      ys,
    );
  }
  const scaled = asMaps(e, e.emit('Mul', [ctx.gradOut(0)!, weights]), y);
  const ones = e.floats(new Float32Array(product(w.kernel)).fill(1), [1, 1, ...w.kernel]);
  return [e.reshape(e.emit('ConvTranspose', [scaled, ones], transposeAttrs(w, xs, ys)), x)];
};

const globalAveragePool: GradRule = (ctx, e) => {
  const x = ctx.shape(ctx.input(0));
  const mean = e.emit('Mul', [ctx.gradOut(0)!, e.scalar(1 / product(x.slice(2)))]);
  return [e.emit('Expand', [mean, e.ints(x)])];
};

const globalMaxPool: GradRule = (ctx, e) => {
  const spatial = ctx.shape(ctx.input(0)).slice(2);
  const count = product(spatial);
  const order = e.floats(range(count), spatial);
  const axes = spatial.map((_, i) => i + 2);
  const first = firstMatch(e, ctx.input(0), ctx.output(0), order, count, axes);
  return [e.emit('Where', [first, ctx.gradOut(0)!, e.scalar(0)])];
};

/** How Resize samples along an axis: a coordinate map, then nearest rounding or (without one) linear. */
interface Sampling {
  coordinate: (o: number, scale: number, inLen: number, outLen: number) => number;
  nearest?: (x: number) => number;
}

const f32 = Math.fround;
/** Source coordinate of output o per coordinate_transformation_mode, in float32 as ORT computes it, so that
 * nearest roundings agree. */
const COORDINATES: Record<string, Sampling['coordinate']> = {
  half_pixel: (o, s) => f32(f32(f32(o + 0.5) / s) - 0.5),
  pytorch_half_pixel: (o, s, _, outLen) => (outLen > 1 ? f32(f32(f32(o + 0.5) / s) - 0.5) : 0),
  align_corners: (o, _, inLen, outLen) => (outLen > 1 ? f32(f32(o * (inLen - 1)) / (outLen - 1)) : 0),
  asymmetric: (o, s) => f32(o / s),
  tf_half_pixel_for_nn: (o, s) => f32(f32(o + 0.5) / s),
};

const NEAREST: Record<string, (x: number) => number> = {
  round_prefer_floor: (x) => (x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x)),
  round_prefer_ceil: (x) => (x === Math.floor(x) + 0.5 ? Math.ceil(x) : Math.round(x)),
  floor: Math.floor,
  ceil: Math.ceil,
};

function sampling(ctx: GradContext): Sampling {
  if (ctx.opset < 11) throw ctx.error('Resize before opset 11 is not supported');
  if (ctx.attrInt('antialias', 0) || ctx.attrInts('axes', []).length > 0)
    throw ctx.error('antialias and axes are not supported');
  if (ctx.attrString('keep_aspect_ratio_policy', 'stretch') !== 'stretch')
    throw ctx.error('keep_aspect_ratio_policy must be stretch');
  const mode = ctx.attrString('mode', 'nearest');
  const coordinates = ctx.attrString('coordinate_transformation_mode', 'half_pixel');
  const rounding = ctx.attrString('nearest_mode', 'round_prefer_floor');
  const coordinate = COORDINATES[coordinates];
  if (!coordinate) throw ctx.error(`coordinate_transformation_mode "${coordinates}" is not supported`);
  if (mode === 'linear') return { coordinate };
  if (mode !== 'nearest') throw ctx.error(`mode "${mode}" is not supported`);
  if (!NEAREST[rounding]) throw ctx.error(`nearest_mode "${rounding}" is not supported`);
  return { coordinate, nearest: NEAREST[rounding] };
}

/** The [outLen, inLen] matrix R with y = R·x along one resized axis. */
function resizeMatrix(s: Sampling, inLen: number, outLen: number, scale: number): Float32Array {
  const clamp = (v: number) => Math.min(Math.max(v, 0), inLen - 1);
  const r = new Float32Array(outLen * inLen);
  for (let o = 0; o < outLen; o++) {
    const at = s.coordinate(o, f32(scale), inLen, outLen);
    if (s.nearest) r[o * inLen + clamp(s.nearest(at))] = 1;
    else {
      const c = clamp(at);
      const lo = Math.floor(c);
      r[o * inLen + lo] += 1 - (c - lo);
      r[o * inLen + Math.min(lo + 1, inLen - 1)] += c - lo;
    }
  }
  return r;
}

const resize: GradRule = (ctx, e) => {
  const s = sampling(ctx);
  const x = ctx.shape(ctx.input(0));
  const y = ctx.shape(ctx.output(0));
  const [h, w] = [x.length - 2, x.length - 1];
  if (h < 0 || x.slice(0, h).some((d, i) => d !== y[i]))
    throw ctx.error('only the last two axes may be resized');
  // ORT maps coordinates with the given scales, or with out/in when sizes are given instead.
  const scales = ctx.input(2) ? ctx.ints(ctx.input(2)) : [];
  const scale = (axis: number) => (scales.length > 0 ? scales[axis] : y[axis] / x[axis]);
  // ORT copies an axis with scale 1 unchanged, whatever the coordinate mode.
  const resized = (axis: number) => x[axis] !== y[axis] || scale(axis) !== 1;
  // y = R_h · x · R_wᵀ per map, so dx = R_hᵀ · g · R_w.
  let g = ctx.gradOut(0)!;
  if (resized(w)) g = e.emit('MatMul', [g, e.floats(resizeMatrix(s, x[w], y[w], scale(w)), [y[w], x[w]])]);
  if (resized(h)) {
    const r = resizeMatrix(s, x[h], y[h], scale(h));
    const rt = Float32Array.from({ length: r.length }, (_, i) => r[(i % y[h]) * x[h] + Math.floor(i / y[h])]);
    g = e.emit('MatMul', [e.floats(rt, [x[h], y[h]]), g]);
  }
  return [g];
};

export const POOL_RULES: Record<string, GradRule> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  GlobalMaxPool: globalMaxPool,
  Resize: resize,
};
