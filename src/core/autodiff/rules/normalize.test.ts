import { describe, expect, it } from 'vitest';
import type { ModelProto, NodeProto } from 'onnx-buf';
import { buildModel, floatTensor, int64Tensor, node, tensorInfo } from '../../onnx/builder';
import { gradCheck, normals, opModel } from '../../testing/gradcheck';
import { Emitter, GradContext } from '../context';
import { NORMALIZE_RULES } from './normalize';

interface Case {
  name: string;
  build: () => { model: ModelProto; inputDims: number[] };
  /** Central-difference step: 1e-3 for ops with kinks, 1e-2 for smooth ones. */
  eps?: number;
  input?: Float32Array;
}

const DIMS = [2, 3, 4];
const axesInput = (axes: number[]) => ({ dims: [axes.length], value: int64Tensor('', axes) });
const positive = (n: number, seed: number) => normals(n, seed).map((v) => Math.abs(v) + 0.5);

/** One op on x with attributes, at an opset. */
const op =
  (type: string, attrs: Parameters<typeof opModel>[2], opset: number, dims = DIMS) =>
  () =>
    opModel(type, [{ dims }], attrs, { opset });

/** A reduction whose axes are an input (opset 13+ ReduceSum, 18+ ReduceMean/Max). */
const reduceByInput = (type: string, axes: number[], keepdims: number, opset: number) => () =>
  opModel(type, [{ dims: DIMS }, axesInput(axes)], { keepdims }, { opset });

const CASES: Case[] = [
  { name: 'Softmax opset 13, axis 1', build: op('Softmax', { axis: 1 }, 13) },
  { name: 'Softmax opset 13, default axis (-1)', build: op('Softmax', {}, 13) },
  { name: 'Softmax opset 11, axis 1 (2D coercion)', build: op('Softmax', { axis: 1 }, 11) },
  { name: 'Softmax opset 11, axis -1', build: op('Softmax', { axis: -1 }, 11) },
  { name: 'LogSoftmax opset 13, axis 1', build: op('LogSoftmax', { axis: 1 }, 13) },
  { name: 'LogSoftmax opset 11, default axis (1, coerced)', build: op('LogSoftmax', {}, 11) },
  {
    name: 'LayerNormalization, last axis, scale and bias',
    build: () =>
      opModel(
        'LayerNormalization',
        [{ dims: DIMS }, { dims: [4], value: normals(4, 2) }, { dims: [4], value: normals(4, 3) }],
        { epsilon: 1e-5 },
      ),
  },
  {
    name: 'LayerNormalization, axis 1, no bias',
    build: () =>
      opModel('LayerNormalization', [{ dims: DIMS }, { dims: [3, 4], value: normals(12, 2) }], { axis: 1 }),
  },
  {
    name: 'BatchNormalization opset 15, NCHW',
    build: () =>
      opModel(
        'BatchNormalization',
        [
          { dims: [2, 3, 2, 2] },
          { dims: [3], value: normals(3, 2) },
          { dims: [3], value: normals(3, 3) },
          { dims: [3], value: normals(3, 4) },
          { dims: [3], value: positive(3, 5) },
        ],
        { epsilon: 1e-3 },
        { opset: 15 },
      ),
  },
  {
    name: 'BatchNormalization opset 9, NC',
    build: () =>
      opModel(
        'BatchNormalization',
        [
          { dims: [4, 3] },
          { dims: [3], value: normals(3, 2) },
          { dims: [3], value: normals(3, 3) },
          { dims: [3], value: normals(3, 4) },
          { dims: [3], value: positive(3, 5) },
        ],
        {},
        { opset: 9 },
      ),
  },
  {
    name: 'ReduceSum opset 11, axes attribute, keepdims 0',
    build: op('ReduceSum', { axes: [1], keepdims: 0 }, 11),
  },
  { name: 'ReduceSum opset 7, negative axes', build: op('ReduceSum', { axes: [-1, 0] }, 7) },
  { name: 'ReduceSum opset 13, axes input, keepdims 1', build: reduceByInput('ReduceSum', [0, 2], 1, 13) },
  { name: 'ReduceSum opset 13, no axes (all), keepdims 0', build: op('ReduceSum', { keepdims: 0 }, 13) },
  {
    name: 'ReduceSum opset 13, no axes with noop_with_empty_axes',
    build: op('ReduceSum', { noop_with_empty_axes: 1 }, 13),
  },
  { name: 'ReduceMean opset 17, axes attribute', build: op('ReduceMean', { axes: [-1] }, 17) },
  { name: 'ReduceMean opset 18, axes input, keepdims 0', build: reduceByInput('ReduceMean', [1], 0, 18) },
  { name: 'ReduceMean opset 18, no axes (all)', build: op('ReduceMean', {}, 18) },
  {
    name: 'ReduceMax opset 17, axes attribute, keepdims 0',
    build: op('ReduceMax', { axes: [1], keepdims: 0 }, 17),
    eps: 1e-3,
  },
  { name: 'ReduceMax opset 18, axes input', build: reduceByInput('ReduceMax', [2], 1, 18), eps: 1e-3 },
  {
    // Central differences at a two-way tie see half the slope: the split convention.
    name: 'ReduceMax, ties',
    build: op('ReduceMax', { axes: [1], keepdims: 0 }, 13, [2, 4]),
    eps: 1e-3,
    input: Float32Array.of(1, 3, 3, 2, 0.5, -1, 0.5, 0.2),
  },
  { name: 'ReduceMin opset 13, all axes', build: op('ReduceMin', { keepdims: 0 }, 13), eps: 1e-3 },
];

/** A model of `nodes` on input x (dims) with output y and float initializers. */
function graph(
  name: string,
  dims: number[],
  nodes: NodeProto[],
  consts: Record<string, number[]>,
  opset: number,
) {
  return {
    model: buildModel({
      name,
      inputs: [tensorInfo('x', dims)],
      outputs: [tensorInfo('y', undefined)],
      nodes,
      initializers: Object.entries(consts).map(([n, v]) =>
        floatTensor(n, v.length === 1 ? [] : [v.length], Float32Array.from(v)),
      ),
      opset,
    }),
    inputDims: dims,
  };
}

const SCALE = Array.from(normals(4, 2));
const BIAS = Array.from(normals(4, 3));

const MIXED: Case[] = [
  {
    name: 'LayerNormalization → Gelu → Softmax',
    build: () =>
      graph(
        'ln-gelu-softmax',
        DIMS,
        [
          node('LayerNormalization', ['x', 'scale', 'bias'], ['n']),
          node('Gelu', ['n'], ['a']),
          node('Softmax', ['a'], ['y'], { axis: 1 }),
        ],
        { scale: SCALE, bias: BIAS },
        20,
      ),
  },
  {
    name: "torch's opset-17 export of LayerNorm → GELU (decomposed)",
    build: () =>
      graph(
        'decomposed-ln-gelu',
        DIMS,
        [
          node('ReduceMean', ['x'], ['mean'], { axes: [-1] }),
          node('Sub', ['x', 'mean'], ['centered']),
          node('Pow', ['centered', 'two'], ['squared']),
          node('ReduceMean', ['squared'], ['variance'], { axes: [-1] }),
          node('Add', ['variance', 'eps'], ['shifted']),
          node('Sqrt', ['shifted'], ['std']),
          node('Div', ['centered', 'std'], ['normed']),
          node('Mul', ['normed', 'scale'], ['scaled']),
          node('Add', ['scaled', 'bias'], ['n']),
          node('Div', ['n', 'sqrt2'], ['u']),
          node('Erf', ['u'], ['erf']),
          node('Add', ['erf', 'one'], ['cdf2']),
          node('Mul', ['n', 'cdf2'], ['gelu2']),
          node('Mul', ['gelu2', 'half'], ['y']),
        ],
        { two: [2], eps: [1e-5], scale: SCALE, bias: BIAS, sqrt2: [Math.SQRT2], one: [1], half: [0.5] },
        17,
      ),
  },
];

describe('normalization and reduction gradient rules', () => {
  for (const c of [...CASES, ...MIXED]) {
    it(c.name, async () => {
      const { model, inputDims } = c.build();
      const { error } = await gradCheck(model, { inputDims, eps: c.eps ?? 1e-2, input: c.input });
      expect(error).toBeLessThan(1e-3);
    });
  }
});

describe('normalization rule errors', () => {
  /** Runs a rule on a lone node, every input needing a gradient, with cotangent "g". */
  const run = (n: NodeProto, shapes: Record<string, number[]>) => {
    const e = new Emitter(17, new Set());
    const ctx = new GradContext(
      n,
      e,
      new Map(Object.entries(shapes)),
      new Map(),
      ['g'],
      n.input.map(() => true),
    );
    return NORMALIZE_RULES[n.opType](ctx, e);
  };

  it('refuses LayerNormalization scales computed from the input', () => {
    expect(() => run(node('LayerNormalization', ['x', 'x'], ['y'], {}, 'ln'), { x: [2, 3] })).toThrow(
      'LayerNormalization node "ln": Scale and B must be constant',
    );
  });

  it('refuses BatchNormalization in training mode', () => {
    const n = node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['y'], { training_mode: 1 });
    expect(() => run(n, { x: [2, 3] })).toThrow('training_mode=1 is not supported');
  });
});
