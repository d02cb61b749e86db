/** Gradients of elementwise ops (with numpy broadcasting) and activations. */
import type { GradRule } from '../context';

/** Cotangent of a broadcasting binary op's input i, from the elementwise gradient `g`. */
const toInput = (ctx: Parameters<GradRule>[0], i: number, g: string) =>
  ctx.emitter.unbroadcast(g, ctx.shape(ctx.output(0)), ctx.shape(ctx.input(i)));

export const ELEMENTWISE_RULES: Record<string, GradRule> = {
  Add: (ctx) => {
    const g = ctx.gradOut(0)!;
    return [0, 1].map((i) => (ctx.needsGrad(i) ? toInput(ctx, i, g) : undefined));
  },
  Relu: (ctx, e) => {
    // Where(y > 0, g, 0): the subgradient torch uses (0 at 0).
    const positive = e.emit('Greater', [ctx.output(0), e.scalar(0)]);
    return [e.emit('Where', [positive, ctx.gradOut(0)!, e.scalar(0)])];
  },
};
