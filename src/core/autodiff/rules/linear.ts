/**
 * Gradients of the linear layers: Conv and ConvTranspose (input gradient through the transposed op with the
 * same weights), Gemm and MatMul (either or both operands image-dependent, as in attention).
 */
import type { AttributeValue } from '../../onnx/builder';
import type { Emitter, GradContext, GradRule } from '../context';

/** Where a sliding window (Conv or pool) sits along each spatial axis, as the forward op placed it. */
export interface Window {
  kernel: number[];
  strides: number[];
  dilations: number[];
  /** Padding before each spatial axis (the end padding follows from the shapes). */
  begin: number[];
}

/** Extent of a dilated kernel along axis i. */
export const span = (w: Window, i: number) => (w.kernel[i] - 1) * w.dilations[i] + 1;

/** The window as the strides, dilations and explicit pads attributes give it. */
function explicitWindow(ctx: GradContext, kernel: number[]): Window {
  const rank = kernel.length;
  return {
    kernel,
    strides: ctx.attrInts('strides', Array(rank).fill(1)),
    dilations: ctx.attrInts('dilations', Array(rank).fill(1)),
    begin: ctx.attrInts('pads', Array(2 * rank).fill(0)).slice(0, rank),
  };
}

/**
 * The window of a Conv/pool node; `inSize`/`outSize` are the measured spatial sizes, from which the SAME_*
 * paddings follow (the forward op's output size is already known, so ceil_mode needs nothing here).
 */
export function windowOf(ctx: GradContext, kernel: number[], inSize: number[], outSize: number[]): Window {
  const w = explicitWindow(ctx, kernel);
  const autoPad = ctx.attrString('auto_pad', 'NOTSET');
  if (autoPad === 'VALID') w.begin = w.begin.map(() => 0);
  else if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER')
    w.begin = inSize.map((n, i) => {
      const total = Math.max(0, (outSize[i] - 1) * w.strides[i] + span(w, i) - n);
      return autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    });
  else if (autoPad !== 'NOTSET') throw ctx.error(`unknown auto_pad "${autoPad}"`);
  return w;
}

/**
 * ConvTranspose attributes that scatter a cotangent of spatial size `outSize` back through window `w`
 * onto exactly `inSize`: input rows the forward windows never reached (after the last stride) get zeros
 * via output_padding, end padding the windows did not use is cropped.
 */
export function transposeAttrs(
  w: Window,
  inSize: number[],
  outSize: number[],
): Record<string, AttributeValue> {
  const full = outSize.map((n, i) => (n - 1) * w.strides[i] + span(w, i));
  const end = full.map((f, i) => Math.max(0, f - w.begin[i] - inSize[i]));
  const extra = full.map((f, i) => Math.max(0, inSize[i] + w.begin[i] - f));
  return {
    strides: w.strides,
    dilations: w.dilations,
    pads: [...w.begin, ...end],
    ...(extra.some((p) => p > 0) ? { output_padding: extra } : {}),
  };
}

/** Only the data input of Conv/ConvTranspose gets a gradient: weights and bias are model constants. */
function requireConstantWeights(ctx: GradContext): void {
  if (ctx.needsGrad(1) || ctx.needsGrad(2))
    throw ctx.error('weights and bias must be constant (gradients are taken w.r.t. the image only)');
}

function sliceAxes(e: Emitter, x: string, starts: number[], ends: number[], axes: number[]): string {
  return e.opset >= 10
    ? e.emit('Slice', [x, e.ints(starts), e.ints(ends), e.ints(axes)])
    : e.emit('Slice', [x], { starts, ends, axes });
}

const conv: GradRule = (ctx, e) => {
  requireConstantWeights(ctx);
  const x = ctx.shape(ctx.input(0)).slice(2);
  const y = ctx.shape(ctx.output(0)).slice(2);
  const w = windowOf(ctx, ctx.shape(ctx.input(1)).slice(2), x, y);
  const attrs = { group: ctx.attrInt('group', 1), ...transposeAttrs(w, x, y) };
  return [e.emit('ConvTranspose', [ctx.gradOut(0)!, ctx.input(1)], attrs)];
};

const convTranspose: GradRule = (ctx, e) => {
  requireConstantWeights(ctx);
  const x = ctx.shape(ctx.input(0)).slice(2);
  const y = ctx.shape(ctx.output(0)).slice(2);
  const w = explicitWindow(ctx, ctx.shape(ctx.input(1)).slice(2));
  const autoPad = ctx.attrString('auto_pad', 'NOTSET');
  const zeros = x.map(() => 0);
  const outputPadding = ctx.attrInts('output_padding', zeros);
  if (autoPad === 'VALID') w.begin = zeros;
  else if (autoPad !== 'NOTSET' || ctx.attrInts('output_shape', []).length > 0) {
    // ONNX: the padding that yields the requested output size, the odd unit at the end for SAME_UPPER only.
    w.begin = x.map((n, i) => {
      const total = (n - 1) * w.strides[i] + outputPadding[i] + span(w, i) - y[i];
      return autoPad === 'SAME_UPPER' ? Math.floor(total / 2) : total - Math.floor(total / 2);
    });
  }
  // The forward op writes x[j] to y[j·s − begin + k·d]; its transpose is a Conv that reads those places.
  // Trailing output rows nothing was written to (output_padding, output_shape) are dropped first.
  const end = x.map((n, i) => (n - 1) * w.strides[i] + span(w, i) - y[i] - w.begin[i]);
  let g = ctx.gradOut(0)!;
  if (end.some((p) => p < 0)) {
    const kept = y.map((n, i) => n + Math.min(0, end[i]));
    const axes = kept.map((_, i) => i + 2);
    g = sliceAxes(e, g, zeros, kept, axes);
  }
  return [
    e.emit('Conv', [g, ctx.input(1)], {
      group: ctx.attrInt('group', 1),
      strides: w.strides,
      dilations: w.dilations,
      pads: [...w.begin, ...end.map((p) => Math.max(0, p))],
    }),
  ];
};

const gemm: GradRule = (ctx, e) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  const transA = ctx.attrInt('transA', 0);
  const transB = ctx.attrInt('transB', 0);
  // The cotangent is scaled once and shared by dA and dB (and by dC with beta).
  const scaled = (x: string, k: number) => (k === 1 ? x : e.emit('Mul', [x, e.scalar(k)]));
  const g = scaled(ctx.gradOut(0)!, ctx.attrFloat('alpha', 1));
  const mm = (p: string, q: string, tp: number, tq: number) =>
    e.emit('Gemm', [p, q], { transA: tp, transB: tq });
  // With A' = op(A), B' = op(B): dA' = G·B'ᵀ and dB' = A'ᵀ·G, transposed back where op transposed.
  const da = () => (transA ? mm(b, g, transB, 1) : mm(g, b, 0, 1 - transB));
  const db = () => (transB ? mm(g, a, 1, transA) : mm(a, g, 1 - transA, 0));
  const dc = () =>
    e.unbroadcast(
      scaled(ctx.gradOut(0)!, ctx.attrFloat('beta', 1)),
      ctx.shape(ctx.output(0)),
      ctx.shape(ctx.input(2)),
    );
  return [
    ctx.needsGrad(0) ? da() : undefined,
    ctx.needsGrad(1) ? db() : undefined,
    ctx.needsGrad(2) ? dc() : undefined,
  ];
};

const matMul: GradRule = (ctx, e) => {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  const aShape = ctx.shape(a);
  const bShape = ctx.shape(b);
  const yShape = ctx.shape(ctx.output(0));
  // numpy semantics: a 1-D A is a row [1, K], a 1-D B a column [K, 1], and that unit axis is dropped from Y.
  const aMat = aShape.length === 1 ? [1, aShape[0]] : aShape;
  const bMat = bShape.length === 1 ? [bShape[0], 1] : bShape;
  const batch = yShape.slice(0, yShape.length - (aShape.length > 1 ? 1 : 0) - (bShape.length > 1 ? 1 : 0));
  const [m, k, n] = [aMat.at(-2)!, aMat.at(-1)!, bMat.at(-1)!];
  const reshaped = (x: string, from: number[], to: number[]) =>
    from.length === to.length && from.every((d, i) => d === to[i]) ? x : e.reshape(x, to);
  // Swap the two matrix axes of an operand (1-D ones by reshape to the transposed matrix).
  const transposed = (x: string, shape: number[], mat: number[]) => {
    if (shape.length === 1) return e.reshape(x, [mat[1], mat[0]]);
    const perm = shape.map((_, i) => i);
    [perm[perm.length - 2], perm[perm.length - 1]] = [perm.length - 1, perm.length - 2];
    return e.emit('Transpose', [x], { perm });
  };
  const g = reshaped(ctx.gradOut(0)!, yShape, [...batch, m, n]);
  // dA = G·Bᵀ and dB = Aᵀ·G over the broadcast batch, summed back to each operand's own batch shape.
  const da = () => {
    const full = e.emit('MatMul', [g, transposed(b, bShape, bMat)]);
    return reshaped(e.unbroadcast(full, [...batch, m, k], aMat), aMat, aShape);
  };
  const db = () => {
    const full = e.emit('MatMul', [transposed(a, aShape, aMat), g]);
    return reshaped(e.unbroadcast(full, [...batch, k, n], bMat), bMat, bShape);
  };
  return [ctx.needsGrad(0) ? da() : undefined, ctx.needsGrad(1) ? db() : undefined];
};

export const LINEAR_RULES: Record<string, GradRule> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  Gemm: gemm,
  MatMul: matMul,
};
