/** Gradients of elementwise ops (with numpy broadcasting) and activations. */
import { DataType } from '../../onnx/builder';
import { constNumbers } from '../../onnx/tensor';
import type { Emitter, GradContext, GradRule } from '../context';

/** Shorthands for the float arithmetic backward graphs are made of; numbers become scalar constants. */
export function arith(e: Emitter) {
  const t = (a: string | number) => (typeof a === 'number' ? e.scalar(a) : a);
  const bin = (op: string) => (a: string | number, b: string | number) => e.emit(op, [t(a), t(b)]);
  const [add, sub, mul] = [bin('Add'), bin('Sub'), bin('Mul')];
  /** cond ? a : b, elementwise. Where arrives in opset 9; before, a·c + b·(1 - c) with c = cond as 0/1. */
  const where = (cond: string, a: string | number, b: string | number): string => {
    if (e.opset >= 9) return e.emit('Where', [cond, t(a), t(b)]);
    const c = e.emit('Cast', [cond], { to: DataType.FLOAT });
    const picked = a === 1 ? c : mul(a, c);
    return b === 0 ? picked : add(picked, mul(b, sub(1, c)));
  };
  return {
    add,
    sub,
    mul,
    div: bin('Div'),
    where,
    greater: bin('Greater'),
    less: bin('Less'),
    not: (a: string) => e.emit('Not', [a]),
  };
}

/** Cotangent of a broadcasting op's input i, from the elementwise gradient `g` (of the output's shape). */
const toInput = (ctx: GradContext, i: number, g: string) =>
  ctx.emitter.unbroadcast(g, ctx.shape(ctx.output(0)), ctx.shape(ctx.input(i)));

/** Cotangents of every input, from each one's elementwise gradient (only evaluated where needed). */
const perInput = (ctx: GradContext, grad: (i: number) => string) =>
  ctx.node.input.map((_, i) => (ctx.needsGrad(i) ? toInput(ctx, i, grad(i)) : undefined));

/** A unary op whose derivative is an elementwise factor: dx = g · factor. */
const unary =
  (factor: (ctx: GradContext, e: Emitter) => string): GradRule =>
  (ctx, e) => [arith(e).mul(ctx.gradOut(0)!, factor(ctx, e))];

/** The gradient passes unchanged (ops that are the identity at inference). */
const passThrough = (ctx: GradContext) => [ctx.gradOut(0)];

/**
 * Max/Min: the gradient goes to the inputs equal to the output, split evenly between ties (torch's
 * convention for maximum/minimum, so a tie does not count twice). x = max is tested as !(x < max), since
 * Equal takes floats only from opset 11.
 */
const extremum =
  (beaten: 'less' | 'greater'): GradRule =>
  (ctx, e) => {
    const g = ctx.gradOut(0)!;
    if (ctx.node.input.length === 1) return [g];
    const m = arith(e);
    const masks = ctx.node.input.map((x) => m.where(m.not(m[beaten](x, ctx.output(0))), 1, 0));
    // Adds, not Sum: WebGPU (JSEP) has no Sum kernel.
    const ties = masks.reduce((a, b) => m.add(a, b));
    const share = m.div(g, ties);
    return perInput(ctx, (i) => m.mul(share, masks[i]));
  };

const GELU_TANH = 0.044715;

export const ELEMENTWISE_RULES: Record<string, GradRule> = {
  Add: (ctx) => perInput(ctx, () => ctx.gradOut(0)!),
  Sub: (ctx, e) => perInput(ctx, (i) => (i === 0 ? ctx.gradOut(0)! : e.emit('Neg', [ctx.gradOut(0)!]))),
  Mul: (ctx, e) => perInput(ctx, (i) => arith(e).mul(ctx.gradOut(0)!, ctx.input(1 - i))),
  Div: (ctx, e) => {
    // y = a / b: da = g / b, db = -g · a / b² = -(g · y) / b.
    const m = arith(e);
    const g = ctx.gradOut(0)!;
    return perInput(ctx, (i) =>
      i === 0 ? m.div(g, ctx.input(1)) : e.emit('Neg', [m.div(m.mul(g, ctx.output(0)), ctx.input(1))]),
    );
  },
  Pow: (ctx, e) => {
    const m = arith(e);
    const [a, b, y, g] = [ctx.input(0), ctx.input(1), ctx.output(0), ctx.gradOut(0)!];
    const base = () => {
      // da = g · b · a^(b-1). A constant exponent (maybe integer-typed) is folded to float constants.
      const c = ctx.constant(b);
      if (c) {
        const values = constNumbers(c);
        // x² is the common case (decomposed LayerNorm): no Pow needed.
        if (values.every((v) => v === 2)) return m.mul(g, m.mul(a, 2));
        const bMinus1 = e.floats(
          values.map((v) => v - 1),
          c.dims,
        );
        return m.mul(g, m.mul(e.floats(values, c.dims), e.emit('Pow', [a, bMinus1])));
      }
      if (!ctx.needsGrad(1)) throw ctx.error('a non-float exponent computed from the input is not supported');
      return m.mul(g, m.mul(b, e.emit('Pow', [a, m.sub(b, 1)])));
    };
    // db = g · y · ln a where a > 0; zero elsewhere (torch's convention at a = 0; for a < 0 there is no
    // real derivative, and a zero keeps NaNs out of the sums).
    const exponent = () => m.where(m.greater(a, 0), m.mul(m.mul(g, y), e.emit('Log', [a])), 0);
    return perInput(ctx, (i) => (i === 0 ? base() : exponent()));
  },
  Sqrt: (ctx, e) => {
    const m = arith(e);
    return [m.div(m.mul(ctx.gradOut(0)!, 0.5), ctx.output(0))];
  },
  Neg: (ctx, e) => [e.emit('Neg', [ctx.gradOut(0)!])],
  Exp: unary((ctx) => ctx.output(0)),
  Abs: (ctx, e) => {
    // sign(x) · g, with sign(0) = 0 as in torch.
    const m = arith(e);
    const [x, g] = [ctx.input(0), ctx.gradOut(0)!];
    return [m.where(m.less(x, 0), e.emit('Neg', [g]), m.where(m.greater(x, 0), g, 0))];
  },
  Relu: (ctx, e) => {
    // Where(y > 0, g, 0): the subgradient torch uses (0 at 0).
    const m = arith(e);
    return [m.where(m.greater(ctx.output(0), 0), ctx.gradOut(0)!, 0)];
  },
  LeakyRelu: (ctx, e) => {
    const m = arith(e);
    const g = ctx.gradOut(0)!;
    return [m.where(m.greater(ctx.input(0), 0), g, m.mul(g, ctx.attrFloat('alpha', 0.01)))];
  },
  Clip: (ctx, e) => {
    // Bounds are inputs from opset 11 (either may be absent), attributes before.
    if (ctx.needsGrad(1) || ctx.needsGrad(2))
      throw ctx.error('bounds computed from the input are not supported');
    const fromAttr = (name: string) =>
      ctx.node.attribute.some((a) => a.name === name) ? e.scalar(ctx.attrFloat(name, 0)) : '';
    const [lo, hi] = ctx.opset >= 11 ? [ctx.input(1), ctx.input(2)] : [fromAttr('min'), fromAttr('max')];
    // Strictly inside (lo, hi) only, as torch's hardtanh/clamp: the bounds themselves get no gradient.
    const m = arith(e);
    const x = ctx.input(0);
    let g = ctx.gradOut(0)!;
    if (lo) g = m.where(m.greater(x, lo), g, 0);
    if (hi) g = m.where(m.less(x, hi), g, 0);
    return [g];
  },
  Sigmoid: unary((ctx, e) => {
    const m = arith(e);
    return m.mul(ctx.output(0), m.sub(1, ctx.output(0)));
  }),
  Tanh: unary((ctx, e) => {
    const m = arith(e);
    return m.sub(1, m.mul(ctx.output(0), ctx.output(0)));
  }),
  Erf: unary((ctx, e) => {
    // erf'(x) = 2/√π · exp(-x²).
    const m = arith(e);
    const x = ctx.input(0);
    return m.mul(e.emit('Exp', [m.mul(m.mul(x, x), -1)]), 2 / Math.sqrt(Math.PI));
  }),
  Gelu: unary((ctx, e) => {
    const m = arith(e);
    const x = ctx.input(0);
    const x2 = m.mul(x, x);
    const approximate = ctx.attrString('approximate', 'none');
    if (approximate === 'none') {
      // y = x·Φ(x): y' = Φ(x) + x·φ(x).
      const cdf = m.mul(m.add(e.emit('Erf', [m.mul(x, Math.SQRT1_2)]), 1), 0.5);
      const pdf = m.mul(e.emit('Exp', [m.mul(x2, -0.5)]), 1 / Math.sqrt(2 * Math.PI));
      return m.add(cdf, m.mul(x, pdf));
    }
    if (approximate === 'tanh') {
      // y = x/2·(1 + t), t = tanh √(2/π)(x + c·x³): y' = (1 + t)/2 + x/2·(1 - t²)·√(2/π)(1 + 3c·x²).
      const k = Math.sqrt(2 / Math.PI);
      const t = e.emit('Tanh', [m.mul(m.mul(x, m.add(m.mul(x2, GELU_TANH), 1)), k)]);
      const du = m.mul(m.add(m.mul(x2, 3 * GELU_TANH), 1), 0.5 * k);
      return m.add(m.mul(m.add(t, 1), 0.5), m.mul(m.mul(x, m.sub(1, m.mul(t, t))), du));
    }
    throw ctx.error(`unknown approximate="${approximate}"`);
  }),
  Identity: passThrough,
  Dropout: (ctx) => {
    // Identity at inference; a training_mode input that is true would make the forward pass random.
    if (ctx.input(2) && ctx.ints(ctx.input(2))[0]) throw ctx.error('training_mode=true is not supported');
    return passThrough(ctx);
  },
  Cast: (ctx) => {
    const to = ctx.attrInt('to', 0);
    if (to !== DataType.FLOAT)
      throw ctx.error(`only float→float casts carry gradients (to=${DataType[to] ?? to})`);
    return passThrough(ctx);
  },
  Where: (ctx, e) => {
    // The (non-float) condition routes the gradient to X where true, to Y where false.
    const m = arith(e);
    const [cond, g] = [ctx.input(0), ctx.gradOut(0)!];
    return perInput(ctx, (i) => (i === 1 ? m.where(cond, g, 0) : m.where(cond, 0, g)));
  },
  Max: extremum('less'),
  Min: extremum('greater'),
  Sum: (ctx) => perInput(ctx, () => ctx.gradOut(0)!),
  Mean: (ctx, e) => {
    const share = arith(e).mul(ctx.gradOut(0)!, 1 / ctx.node.input.length);
    return perInput(ctx, () => share);
  },
};
