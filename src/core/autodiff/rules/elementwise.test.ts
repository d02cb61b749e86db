import { describe, expect, it } from 'vitest';
import type { ModelProto, NodeProto } from 'onnx-buf';
import { buildModel, DataType, floatTensor, int64Tensor, node, tensorInfo } from '../../onnx/builder';
import { gradCheck, normals, opModel } from '../../testing/gradcheck';
import type { ConstTensor } from '../../onnx/tensor';
import { Emitter, GradContext } from '../context';
import { ELEMENTWISE_RULES } from './elementwise';

interface Case {
  name: string;
  build: () => { model: ModelProto; inputDims: number[] };
  /** Central-difference step: 1e-3 for ops with kinks, 1e-2 for smooth ones. */
  eps?: number;
  input?: Float32Array;
  /** Outputs differentiated (default: all). */
  outputs?: string[];
}

/** Seeded normals (times `scale`) pushed at least 0.1 away from each kink, so differences never cross one. */
function away(n: number, seed: number, kinks: number[] = [0], scale = 1): Float32Array {
  const x = normals(n, seed, scale);
  for (const k of kinks) x.forEach((v, i) => Math.abs(v - k) < 0.1 && (x[i] = k + (v < k ? -0.1 : 0.1)));
  return x;
}

const floatScalar = (name: string, value: number) => floatTensor(name, [], Float32Array.of(value));
const positive = (n: number, seed: number) => normals(n, seed).map((v) => Math.abs(v) + 0.5);
const bool = (values: boolean[], dims: number[], name = '') =>
  int64Tensor(name, values.map(Number), dims, DataType.BOOL);

/** A model built from nodes on input x (dims) with output y. */
const graph = (name: string, dims: number[], nodes: NodeProto[], opset?: number) => () => ({
  model: buildModel({
    name,
    inputs: [tensorInfo('x', dims)],
    outputs: [tensorInfo('y', undefined)],
    nodes,
    opset,
  }),
  inputDims: dims,
});

/** op(x, Exp(ReduceMean(x over axis 0))): both inputs need gradients, the second broadcast. */
const selfBinary = (op: string) =>
  graph(
    `${op}-self`,
    [2, 3],
    [node('ReduceMean', ['x'], ['m'], { axes: [0] }), node('Exp', ['m'], ['r']), node(op, ['x', 'r'], ['y'])],
  );

const CASES: Case[] = [
  {
    name: 'Add, x broadcast',
    build: () => opModel('Add', [{ dims: [3, 1] }, { dims: [2, 3, 4], value: normals(24, 2) }]),
  },
  {
    name: 'Sub, constant broadcast',
    build: () => opModel('Sub', [{ dims: [2, 3, 4] }, { dims: [4], value: normals(4, 2) }]),
  },
  {
    name: 'Sub, x broadcast',
    build: () => opModel('Sub', [{ dims: [2, 3, 4], value: normals(24, 2) }, { dims: [3, 1] }]),
  },
  { name: 'Sub, both from x', build: selfBinary('Sub') },
  {
    name: 'Mul, constant broadcast',
    build: () => opModel('Mul', [{ dims: [2, 3, 4] }, { dims: [3, 1], value: normals(3, 2) }]),
  },
  {
    name: 'Mul, both broadcast',
    build: () => opModel('Mul', [{ dims: [2, 1, 4], value: normals(8, 2) }, { dims: [3, 1] }]),
  },
  { name: 'Mul, both from x', build: selfBinary('Mul') },
  {
    name: 'Div, constant divisor',
    build: () => opModel('Div', [{ dims: [2, 3, 4] }, { dims: [4], value: positive(4, 2) }]),
  },
  {
    name: 'Div, x divisor broadcast',
    build: () => opModel('Div', [{ dims: [2, 3, 4], value: normals(24, 2) }, { dims: [3, 1] }]),
    input: positive(3, 3),
  },
  { name: 'Div, both from x', build: selfBinary('Div') },
  {
    name: 'Pow, x^2',
    build: () => opModel('Pow', [{ dims: [3, 4] }, { dims: [], value: Float32Array.of(2) }]),
  },
  {
    name: 'Pow, x^1.5',
    build: () => opModel('Pow', [{ dims: [3, 4] }, { dims: [], value: Float32Array.of(1.5) }]),
    input: positive(12, 3),
  },
  {
    name: 'Pow, integer exponents broadcast',
    build: () => opModel('Pow', [{ dims: [2, 3] }, { dims: [3], value: Float32Array.of(1, 2, 3) }]),
  },
  {
    name: 'Pow, int64 exponent',
    build: () => opModel('Pow', [{ dims: [2, 3] }, { dims: [], value: int64Tensor('', [3], []) }]),
  },
  {
    name: 'Pow, x as exponent',
    build: () => opModel('Pow', [{ dims: [4], value: positive(4, 2) }, { dims: [3, 4] }]),
  },
  {
    name: 'Pow, x^x',
    build: graph('pow-self', [3, 4], [node('Pow', ['x', 'x'], ['y'])]),
    input: positive(12, 3),
  },
  { name: 'Sqrt', build: () => opModel('Sqrt', [{ dims: [3, 4] }]), input: positive(12, 3) },
  { name: 'Neg', build: () => opModel('Neg', [{ dims: [3, 4] }]) },
  { name: 'Exp', build: () => opModel('Exp', [{ dims: [3, 4] }]) },
  { name: 'Abs', build: () => opModel('Abs', [{ dims: [3, 4] }]), eps: 1e-3, input: away(12, 3) },
  { name: 'Relu', build: () => opModel('Relu', [{ dims: [3, 4] }]), eps: 1e-3, input: away(12, 3) },
  {
    name: 'LeakyRelu',
    build: () => opModel('LeakyRelu', [{ dims: [3, 4] }], { alpha: 0.1 }),
    eps: 1e-3,
    input: away(12, 3),
  },
  {
    name: 'Clip-6 at opset 10 (attributes)',
    build: () => opModel('Clip', [{ dims: [3, 4] }], { min: -0.5, max: 0.75 }, { opset: 10 }),
    eps: 1e-3,
    input: away(12, 3, [-0.5, 0.75], 2),
  },
  {
    name: 'Clip-6 at opset 7 (attributes, no Where)',
    build: () => opModel('Clip', [{ dims: [3, 4] }], { min: -0.5 }, { opset: 7 }),
    eps: 1e-3,
    input: away(12, 3, [-0.5], 2),
  },
  {
    name: 'Clip opset 11 (ReLU6 inputs)',
    build: () =>
      opModel(
        'Clip',
        [{ dims: [3, 4] }, { dims: [], value: Float32Array.of(0) }, { dims: [], value: Float32Array.of(6) }],
        {},
        { opset: 11 },
      ),
    eps: 1e-3,
    input: Float32Array.of(-2, -0.3, 0.2, 1, 2.5, 3, 4.4, 5.8, 6.2, 7, 9, -5),
  },
  {
    name: 'Clip opset 13, max only',
    build: () => {
      const built = graph('clip-max', [3, 4], [node('Clip', ['x', '', 'hi'], ['y'])], 13)();
      built.model.graph!.initializer.push(floatScalar('hi', 0.5));
      return built;
    },
    eps: 1e-3,
    input: away(12, 3, [0.5]),
  },
  { name: 'Sigmoid', build: () => opModel('Sigmoid', [{ dims: [3, 4] }]) },
  { name: 'Tanh', build: () => opModel('Tanh', [{ dims: [3, 4] }]) },
  { name: 'Erf', build: () => opModel('Erf', [{ dims: [3, 4] }]) },
  { name: 'Gelu (erf)', build: () => opModel('Gelu', [{ dims: [3, 4] }], {}, { opset: 20 }) },
  {
    name: 'Gelu (tanh)',
    build: () => opModel('Gelu', [{ dims: [3, 4] }], { approximate: 'tanh' }, { opset: 20 }),
  },
  { name: 'Identity', build: () => opModel('Identity', [{ dims: [3, 4] }]) },
  {
    name: 'Dropout opset 13 (ratio, training_mode false, mask)',
    build: () => {
      const built = graph(
        'dropout',
        [3, 4],
        [node('Dropout', ['x', 'ratio', 'training'], ['y', 'mask'])],
        13,
      )();
      const g = built.model.graph!;
      g.output.push(tensorInfo('mask', undefined, DataType.BOOL));
      g.initializer.push(floatScalar('ratio', 0.3), bool([false], [], 'training'));
      return built;
    },
    outputs: ['y'],
  },
  {
    name: 'Dropout opset 7 (ratio attribute)',
    build: () => opModel('Dropout', [{ dims: [3, 4] }], { ratio: 0.3 }, { opset: 7 }),
  },
  {
    name: 'Cast float→float',
    build: () => opModel('Cast', [{ dims: [3, 4] }], { to: DataType.FLOAT }, { opset: 13 }),
  },
  {
    name: 'Where, constant condition, x as X broadcast',
    build: () =>
      opModel('Where', [
        {
          dims: [2, 3, 4],
          value: bool(
            Array.from({ length: 24 }, (_, i) => i % 3 === 0),
            [2, 3, 4],
          ),
        },
        { dims: [3, 1] },
        { dims: [4], value: normals(4, 2) },
      ]),
  },
  {
    name: 'Where, constant condition broadcast, x as Y',
    build: () =>
      opModel('Where', [
        { dims: [3, 1], value: bool([true, false, true], [3, 1]) },
        { dims: [2, 3, 4], value: normals(24, 2) },
        { dims: [4] },
      ]),
  },
  {
    name: 'Where, condition from x (leaky ReLU)',
    build: () => {
      const built = graph(
        'where-leaky',
        [3, 4],
        [
          node('Greater', ['x', 'zero'], ['positive']),
          node('Mul', ['x', 'alpha'], ['leak']),
          node('Where', ['positive', 'x', 'leak'], ['y']),
        ],
      )();
      built.model.graph!.initializer.push(floatScalar('zero', 0), floatScalar('alpha', 0.1));
      return built;
    },
    eps: 1e-3,
    input: away(12, 3),
  },
  {
    name: 'Relu opset 7 (no Where)',
    build: () => opModel('Relu', [{ dims: [3, 4] }], {}, { opset: 7 }),
    eps: 1e-3,
    input: away(12, 3),
  },
  {
    name: 'Max, three inputs broadcast',
    build: () =>
      opModel('Max', [
        { dims: [2, 3] },
        { dims: [3], value: normals(3, 2) },
        { dims: [2, 1], value: normals(2, 4) },
      ]),
    eps: 1e-3,
  },
  {
    // Central differences at a tie see half the slope: the split convention.
    name: 'Max, ties with a constant',
    build: () =>
      opModel('Max', [{ dims: [2, 3] }, { dims: [2, 3], value: Float32Array.of(0.5, -1, 2, 0.3, 0, 1) }]),
    eps: 1e-3,
    input: Float32Array.of(0.5, 0.2, 2, -0.4, 0, 1.5),
  },
  {
    name: 'Max opset 8 (no Where)',
    build: () => opModel('Max', [{ dims: [2, 3] }, { dims: [3], value: normals(3, 2) }], {}, { opset: 8 }),
    eps: 1e-3,
  },
  {
    name: 'Max, of x with itself',
    build: graph('max-self', [3, 4], [node('Max', ['x', 'x'], ['y'])]),
    eps: 1e-3,
  },
  {
    name: 'Min, broadcast',
    build: () => opModel('Min', [{ dims: [4], value: normals(4, 2) }, { dims: [3, 4] }]),
    eps: 1e-3,
  },
  {
    name: 'Sum, variadic broadcast',
    build: () =>
      opModel('Sum', [
        { dims: [3, 1] },
        { dims: [2, 3, 4], value: normals(24, 2) },
        { dims: [4], value: normals(4, 4) },
      ]),
  },
  {
    name: 'Mean, variadic broadcast',
    build: () => opModel('Mean', [{ dims: [2, 3, 4], value: normals(24, 2) }, { dims: [3, 1] }]),
  },
];

describe('elementwise gradient rules', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const { model, inputDims } = c.build();
      const { error } = await gradCheck(model, {
        inputDims,
        eps: c.eps ?? 1e-2,
        input: c.input,
        outputs: c.outputs,
      });
      expect(error).toBeLessThan(1e-3);
    });
  }
});

/** Runs a rule on a lone node, every input needing a gradient, with cotangent "g". */
function runRule(n: NodeProto, shapes: Record<string, number[]>, constants = new Map<string, ConstTensor>()) {
  const e = new Emitter(17, new Set());
  const ctx = new GradContext(
    n,
    e,
    new Map(Object.entries(shapes)),
    constants,
    ['g'],
    n.input.map(() => true),
  );
  return ELEMENTWISE_RULES[n.opType](ctx, e);
}

describe('elementwise rule errors', () => {
  it('refuses casts to other types', () => {
    expect(() =>
      runRule(node('Cast', ['x'], ['y'], { to: DataType.DOUBLE }, 'c'), { x: [2], y: [2] }),
    ).toThrow('Cast node "c": only float→float casts carry gradients (to=DOUBLE)');
  });

  it('refuses unknown Gelu approximations and bounds computed from the input', () => {
    expect(() => runRule(node('Gelu', ['x'], ['y'], { approximate: 'fast' }), { x: [2] })).toThrow(
      'unknown approximate="fast"',
    );
    expect(() => runRule(node('Clip', ['x', 'x'], ['y']), { x: [2] })).toThrow(
      'bounds computed from the input',
    );
  });

  it('refuses Dropout in training mode', () => {
    const training = new Map([['t', { dims: [], values: Uint8Array.of(1) }]]);
    expect(() => runRule(node('Dropout', ['x', '', 't'], ['y']), { x: [2] }, training)).toThrow(
      'training_mode=true is not supported',
    );
  });
});
