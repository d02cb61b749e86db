/**
 * Gradients of ops that move values without changing them: reshapes, transposes, joins, splits, slices,
 * gathers, broadcasts and constant padding. All are linear, so each gradient routes the cotangent back to
 * where its values came from, with zeros where they came from nowhere. Only ops that run on WebGPU are
 * emitted (Reshape, Transpose, Slice with step 1, Pad, Concat, Expand, ReduceSum, MatMul); scattering to
 * strided or repeated positions is a MatMul with a constant one-hot matrix.
 */
import type { Emitter, GradContext, GradRule } from '../context';

const product = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
const normalizeAxis = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** Slice with step 1, in the form the opset wants (attributes before 10, inputs from 10). */
function slice(e: Emitter, x: string, starts: number[], ends: number[], axes: number[]): string {
  if (axes.length === 0) return x;
  return e.opset >= 10
    ? e.emit('Slice', [x, e.ints(starts), e.ints(ends), e.ints(axes)])
    : e.emit('Slice', [x], { starts, ends, axes });
}

/** Constant zero padding ([begins…, ends…], all ≥ 0); pads are an attribute before 11, an input from 11. */
function pad(e: Emitter, x: string, pads: number[]): string {
  if (pads.every((p) => p === 0)) return x;
  if (e.opset >= 11) return e.emit('Pad', [x, e.ints(pads)]);
  return e.emit('Pad', [x], { [e.opset < 2 ? 'paddings' : 'pads']: pads });
}

function zeros(e: Emitter, dims: number[]): string {
  // Expand of a scalar keeps the model small; before opset 8 there is no Expand.
  return e.opset >= 8
    ? e.emit('Expand', [e.scalar(0), e.ints(dims)])
    : e.floats(new Float32Array(product(dims)), dims);
}

/**
 * Cotangent of picking `indices` (in order, possibly repeated) along `axis` of a tensor whose axis has
 * `size` entries: `g` (shape `dims`, `dims[axis]` = indices.length) is placed back at those positions and
 * summed where an index repeats. Returns a tensor of shape [before, size, after].
 */
function placeAlong(e: Emitter, g: string, dims: number[], axis: number, indices: number[], size: number) {
  const n = indices.length;
  const g3 = e.reshape(g, [product(dims.slice(0, axis)), n, product(dims.slice(axis + 1))]);
  const first = indices[0];
  if (indices.every((v, k) => v === first + k)) return pad(e, g3, [0, first, 0, 0, size - first - n, 0]);
  // onehot[v, k] = 1 where output position k came from input position v: (size, n) @ (before, n, after).
  const onehot = new Float32Array(size * n);
  indices.forEach((v, k) => (onehot[v * n + k] = 1));
  return e.emit('MatMul', [e.floats(onehot, [size, n]), g3]);
}

/** Ops that only relabel the layout: the gradient is the cotangent reshaped back to the input's shape. */
const reshapeBack: GradRule = (ctx, e) => [e.reshape(ctx.gradOut(0)!, ctx.shape(ctx.input(0)))];

/** Zeros for an input whose values all fell out of an empty output, else undefined. */
const emptyOutput = (ctx: GradContext, e: Emitter) =>
  product(ctx.shape(ctx.output(0))) === 0 ? zeros(e, ctx.shape(ctx.input(0))) : undefined;

export const SHAPE_RULES: Record<string, GradRule> = {
  Reshape: reshapeBack,
  Flatten: reshapeBack,
  Squeeze: reshapeBack,
  Unsqueeze: reshapeBack,

  Transpose: (ctx, e) => {
    const rank = ctx.shape(ctx.input(0)).length;
    const perm = ctx.attrInts('perm', [...Array(rank).keys()].reverse());
    const inverse: number[] = [];
    perm.forEach((p, i) => (inverse[p] = i));
    return [e.emit('Transpose', [ctx.gradOut(0)!], { perm: inverse })];
  },

  Concat: (ctx, e) => {
    // Concat-1 defaults to axis 1; later opsets require the attribute.
    const axis = normalizeAxis(ctx.attrInt('axis', 1), ctx.shape(ctx.output(0)).length);
    let offset = 0;
    return ctx.node.input.map((name, i) => {
      const start = offset;
      offset += ctx.shape(name)[axis];
      return ctx.needsGrad(i) ? slice(e, ctx.gradOut(0)!, [start], [offset], [axis]) : undefined;
    });
  },

  Split: (ctx, e) => {
    // Measured output shapes say how the input was cut, whichever opset form (attr, input, num_outputs).
    const axis = normalizeAxis(ctx.attrInt('axis', 0), ctx.shape(ctx.input(0)).length);
    const parts = ctx.node.output.map((o, k) => ctx.gradOut(k) ?? zeros(e, ctx.shape(o)));
    return [parts.length === 1 ? parts[0] : e.emit('Concat', parts, { axis })];
  },

  Slice: (ctx, e) => {
    const empty = emptyOutput(ctx, e);
    if (empty) return [empty];
    const dims = ctx.shape(ctx.input(0));
    const current = [...ctx.shape(ctx.output(0))];
    const fromInputs = ctx.opset >= 10;
    const starts = fromInputs ? ctx.ints(ctx.input(1)) : ctx.attrInts('starts', []);
    const given = fromInputs ? (ctx.input(3) ? ctx.ints(ctx.input(3)) : undefined) : ctx.attrInts('axes', []);
    const axes = given?.length ? given.map((a) => normalizeAxis(a, dims.length)) : starts.map((_, i) => i);
    const steps = fromInputs && ctx.input(4) ? ctx.ints(ctx.input(4)) : starts.map(() => 1);
    let g = ctx.gradOut(0)!;
    axes.forEach((axis, i) => {
      // The measured output length fixes how many positions were taken; ends only matter through it.
      const size = dims[axis];
      const start = starts[i] < 0 ? starts[i] + size : starts[i];
      const first = Math.min(Math.max(start, 0), steps[i] > 0 ? size : size - 1);
      const indices = Array.from({ length: current[axis] }, (_, k) => first + k * steps[i]);
      if (indices.length === size && indices.every((v, k) => v === k)) return;
      g = placeAlong(e, g, current, axis, indices, size);
      current[axis] = size;
    });
    return [e.reshape(g, dims)];
  },

  Gather: (ctx, e) => {
    const empty = emptyOutput(ctx, e);
    if (empty) return [empty];
    const dims = ctx.shape(ctx.input(0));
    const axis = normalizeAxis(ctx.attrInt('axis', 0), dims.length);
    const indices = ctx.ints(ctx.input(1)).map((v) => (v < 0 ? v + dims[axis] : v));
    // Seen flat, the indices' own axes become one axis of the gathered output.
    const flat = [...dims.slice(0, axis), indices.length, ...dims.slice(axis + 1)];
    return [e.reshape(placeAlong(e, ctx.gradOut(0)!, flat, axis, indices, dims[axis]), dims)];
  },

  Expand: (ctx, e) => [e.unbroadcast(ctx.gradOut(0)!, ctx.shape(ctx.output(0)), ctx.shape(ctx.input(0)))],

  Tile: (ctx, e) => {
    if (ctx.opset < 6) throw ctx.error('Tile before opset 6 (tiles and axis inputs) is not supported');
    const dims = ctx.shape(ctx.input(0));
    const repeats = ctx.ints(ctx.input(1));
    // Output axis i is (repeat, original) with the repeat outermost: split it and sum the repeats away.
    const pairs = dims.flatMap((d, i) => [repeats[i], d]);
    const split = e.reshape(ctx.gradOut(0)!, pairs);
    const copies = dims.map((_, i) => 2 * i);
    return [e.reduceSum(split, copies, false)];
  },

  Pad: (ctx, e) => {
    const mode = ctx.attrString('mode', 'constant');
    if (mode !== 'constant') throw ctx.error(`no gradient for mode "${mode}", only for "constant"`);
    if (ctx.needsGrad(2)) throw ctx.error('no gradient for an image-dependent constant_value');
    const dims = ctx.shape(ctx.input(0));
    const out = ctx.shape(ctx.output(0));
    const pads =
      ctx.opset >= 11 ? ctx.ints(ctx.input(1)) : ctx.attrInts('pads', ctx.attrInts('paddings', []));
    const axes =
      ctx.opset >= 18 && ctx.input(3)
        ? ctx.ints(ctx.input(3)).map((a) => normalizeAxis(a, dims.length))
        : dims.map((_, i) => i);
    const begin = dims.map(() => 0);
    const end = dims.map(() => 0);
    axes.forEach((a, k) => {
      begin[a] = pads[k];
      end[a] = pads[k + axes.length];
    });
    // Positive pads added values the input never saw: slice them off. Negative pads cropped the input:
    // its cropped values get zero gradient.
    const padded = axes.filter((a) => begin[a] > 0 || end[a] > 0);
    const inner = slice(
      e,
      ctx.gradOut(0)!,
      padded.map((a) => Math.max(begin[a], 0)),
      padded.map((a) => out[a] - Math.max(end[a], 0)),
      padded,
    );
    const uncrop = [...begin, ...end].map((p) => Math.max(-p, 0));
    return [pad(e, inner, uncrop)];
  },
};
