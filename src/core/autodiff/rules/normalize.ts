/** Gradients of normalizations (softmax, layer and batch norm) and reductions. */
import { constNumbers } from '../../onnx/tensor';
import type { GradContext, GradRule } from '../context';
import { arith } from './elementwise';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const positive = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** (Log)Softmax normalizes over one axis from opset 13, before over all axes from `axis` on (2D coercion). */
function softmaxAxes(ctx: GradContext): number[] {
  const rank = ctx.shape(ctx.input(0)).length;
  if (ctx.opset >= 13) return [positive(ctx.attrInt('axis', -1), rank)];
  return range(positive(ctx.attrInt('axis', 1), rank), rank);
}

/**
 * The reduced axes of a Reduce* node (attribute or, in later opsets, input), or undefined when it is the
 * identity (empty axes with noop_with_empty_axes). Empty axes otherwise mean all axes.
 */
function reducedAxes(ctx: GradContext): number[] | undefined {
  const rank = ctx.shape(ctx.input(0)).length;
  const axes = ctx.input(1) ? ctx.ints(ctx.input(1)) : ctx.attrInts('axes', []);
  if (axes.length > 0) return axes.map((a) => positive(a, rank));
  return ctx.attrInt('noop_with_empty_axes', 0) ? undefined : range(0, rank);
}

/** A reduction's output-shaped tensor (its output or cotangent) with the reduced axes kept as size 1. */
function keptDims(ctx: GradContext, name: string, axes: number[]): string {
  if (ctx.attrInt('keepdims', 1)) return name;
  const kept = ctx.shape(ctx.input(0)).map((d, i) => (axes.includes(i) ? 1 : d));
  return ctx.emitter.reshape(name, kept);
}

/** ReduceSum / ReduceMean: the (scaled) cotangent tiled back over the reduced axes (Tile predates Expand). */
const reduceLinear =
  (mean: boolean): GradRule =>
  (ctx, e) => {
    const axes = reducedAxes(ctx);
    if (!axes) return [ctx.gradOut(0)];
    const shape = ctx.shape(ctx.input(0));
    let g = keptDims(ctx, ctx.gradOut(0)!, axes);
    if (mean) g = arith(e).mul(g, 1 / axes.reduce((n, a) => n * shape[a], 1));
    return [e.emit('Tile', [g, e.ints(shape.map((d, i) => (axes.includes(i) ? d : 1)))])];
  };

/**
 * ReduceMax / ReduceMin: the cotangent goes to the extreme elements, split evenly between ties (as torch's
 * amax). x = max is tested as !(x < max), since Equal takes floats only from opset 11.
 */
const reduceExtremum =
  (beaten: 'less' | 'greater'): GradRule =>
  (ctx, e) => {
    const axes = reducedAxes(ctx);
    if (!axes) return [ctx.gradOut(0)];
    const m = arith(e);
    const hit = m.where(m.not(m[beaten](ctx.input(0), keptDims(ctx, ctx.output(0), axes))), 1, 0);
    const share = m.div(keptDims(ctx, ctx.gradOut(0)!, axes), e.reduceSum(hit, axes, true));
    return [m.mul(hit, share)];
  };

export const NORMALIZE_RULES: Record<string, GradRule> = {
  Softmax: (ctx, e) => {
    // dx = y · (g - Σ g·y) over the normalized axes.
    const m = arith(e);
    const [y, g] = [ctx.output(0), ctx.gradOut(0)!];
    return [m.mul(y, m.sub(g, e.reduceSum(m.mul(g, y), softmaxAxes(ctx), true)))];
  },
  LogSoftmax: (ctx, e) => {
    // y = x - logΣexp x: dx = g - softmax(x) · Σ g.
    const m = arith(e);
    const g = ctx.gradOut(0)!;
    return [m.sub(g, m.mul(e.emit('Exp', [ctx.output(0)]), e.reduceSum(g, softmaxAxes(ctx), true)))];
  },
  LayerNormalization: (ctx, e) => {
    if (ctx.needsGrad(1) || ctx.needsGrad(2)) throw ctx.error('Scale and B must be constant');
    if (ctx.gradOut(1) || ctx.gradOut(2))
      throw ctx.error('gradients through Mean/InvStdDev are not supported');
    const m = arith(e);
    const [x, g] = [ctx.input(0), ctx.gradOut(0)!];
    const rank = ctx.shape(x).length;
    const axes = range(positive(ctx.attrInt('axis', -1), rank), rank);
    const mean = (t: string) => e.reduceMean(t, axes, true);
    // Recompute the statistics (the optional Mean/InvStdDev outputs are rarely there).
    const centered = m.sub(x, mean(x));
    const invStd = m.div(
      1,
      e.emit('Sqrt', [m.add(mean(m.mul(centered, centered)), ctx.attrFloat('epsilon', 1e-5))]),
    );
    const xhat = m.mul(centered, invStd);
    // With ĝ = g·scale: dx = invStd · (ĝ - mean ĝ - x̂ · mean(ĝ·x̂)).
    const gh = m.mul(g, ctx.input(1));
    return [m.mul(invStd, m.sub(m.sub(gh, mean(gh)), m.mul(xhat, mean(m.mul(gh, xhat)))))];
  },
  BatchNormalization: (ctx, e) => {
    // Inference mode: y = (x - mean)·k + B with per-channel k = scale / √(var + ε), folded to a constant.
    if (ctx.attrInt('training_mode', 0)) throw ctx.error('training_mode=1 is not supported');
    if (ctx.attrInt('spatial', 1) !== 1) throw ctx.error('spatial=0 is not supported');
    if ([1, 2, 3, 4].some((i) => ctx.needsGrad(i)))
      throw ctx.error('scale, B, mean and var must be constant');
    const values = (i: number) => {
      const c = ctx.constant(ctx.input(i));
      if (!c) throw ctx.error(`input "${ctx.input(i)}" must be constant for its gradient`);
      return constNumbers(c);
    };
    const eps = ctx.attrFloat('epsilon', 1e-5);
    const variance = values(4);
    const k = values(1).map((s, c) => s / Math.sqrt(variance[c] + eps));
    const rank = ctx.shape(ctx.input(0)).length;
    return [arith(e).mul(ctx.gradOut(0)!, e.floats(k, [k.length, ...Array(rank - 2).fill(1)]))];
  },
  ReduceSum: reduceLinear(false),
  ReduceMean: reduceLinear(true),
  ReduceMax: reduceExtremum('less'),
  ReduceMin: reduceExtremum('greater'),
};
