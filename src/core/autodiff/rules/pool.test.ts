import { describe, expect, it } from 'vitest';
import type { ModelProto } from 'onnx-buf';
import {
  buildModel,
  floatTensor,
  int64Tensor,
  node,
  tensorInfo,
  type AttributeValue,
} from '../../onnx/builder';
import { createRng } from '../../random';
import { gradCheck, normals, opModel, wasmEngine, type OpInput } from '../../testing/gradcheck';
import { prepareVjp, runVjp } from '../gradient';
import { measureGraph } from '../graphFacts';
import { buildVjp } from '../vjp';
import { webgpuFallbacks } from '../webgpuOps';

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

/** Values 0.02 apart in random order: no ties, and no window's max changes under a 1e-3 step. */
function distinct(dims: number[], seed = 3): Float32Array {
  const rng = createRng(seed);
  const values = Array.from({ length: size(dims) }, (_, i) => (i - size(dims) / 2) * 0.02);
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [values[i], values[j]] = [values[j], values[i]];
  }
  return Float32Array.from(values);
}

/** Gradient check at relative L2 1e-3; max pooling is checked away from its kinks, on distinct inputs. */
async function expectGradient(model: ModelProto, inputDims: number[], kinks = false) {
  const { error } = await gradCheck(
    model,
    kinks ? { inputDims, input: distinct(inputDims), eps: 1e-3 } : { inputDims },
  );
  expect(error).toBeLessThan(1e-3);
  const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
  const vjp = buildVjp(model, { outputs: ['y'] }, facts).model;
  expect(webgpuFallbacks(vjp)).toEqual([]);
  return vjp;
}

async function expectOp(
  op: string,
  dims: number[],
  attrs: Record<string, AttributeValue> = {},
  options: { rest?: OpInput[]; opset?: number } = {},
) {
  const { model, inputDims } = opModel(op, [{ dims }, ...(options.rest ?? [])], attrs, options);
  return expectGradient(model, inputDims, op.includes('Max'));
}

/** The VJP of output y with a given input and cotangent. */
async function vjpAt(model: ModelProto, x: Float32Array, dims: number[], cotangent: number[]) {
  const prepared = await prepareVjp(model, ['y'], dims, wasmEngine);
  return Array.from((await runVjp(prepared, x, [Float32Array.from(cotangent)], wasmEngine)).gradient);
}

describe('MaxPool gradient', () => {
  it('handles overlapping windows (3×3, stride 2) on odd and even inputs', async () => {
    const model = await expectOp('MaxPool', [1, 2, 9, 9], { kernel_shape: [3, 3], strides: [2, 2] });
    // The backward pass needs no MaxPool (Indices), only the forward one.
    expect(model.graph!.node.filter((n) => n.opType === 'MaxPool')).toHaveLength(1);
    await expectOp('MaxPool', [1, 2, 10, 8], { kernel_shape: [3, 3], strides: [2, 2] });
  });

  it('handles pads, dilations, ceil_mode, SAME padding and opset 18', async () => {
    await expectOp('MaxPool', [1, 2, 7, 7], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
    await expectOp('MaxPool', [1, 2, 7, 8], { kernel_shape: [2, 3], dilations: [2, 2], pads: [1, 0, 0, 1] });
    await expectOp('MaxPool', [1, 2, 8, 8], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 });
    await expectOp('MaxPool', [1, 2, 7, 6], {
      kernel_shape: [2, 2],
      strides: [2, 2],
      auto_pad: 'SAME_UPPER',
    });
    await expectOp('MaxPool', [1, 2, 6, 7], { kernel_shape: [3, 3], strides: [2, 2] }, { opset: 18 });
    await expectOp('MaxPool', [2, 2, 9], { kernel_shape: [3], strides: [2] });
  });

  it('sends tied maxima to the first in row-major order, as torch does', async () => {
    const { model } = opModel('MaxPool', [{ dims: [1, 1, 3, 4] }], { kernel_shape: [2, 2] });
    // prettier-ignore
    const x = Float32Array.from([
      1, 1, 0, 2,
      1, 0, 2, 2,
      0, 1, 1, 0,
    ]);
    // Windows (0,0) [1 1; 1 0] → (0,0); (0,2) [0 2; 2 2] → (0,3); (1,2) [2 2; 1 0] → (1,2).
    // prettier-ignore
    expect(await vjpAt(model, x, [1, 1, 3, 4], [1, 10, 100, 1e3, 1e4, 1e5])).toEqual([
      1, 0, 0, 100,
      1e3, 0, 110010, 0,
      0, 0, 0, 0,
    ]);
    // With padding, a zero max does not go to the (zero) padding before it.
    const padded = opModel('MaxPool', [{ dims: [1, 1, 2, 2] }], { kernel_shape: [2, 2], pads: [1, 1, 0, 0] });
    expect(await vjpAt(padded.model, Float32Array.from([0, 0, 0, -1]), [1, 1, 2, 2], [1, 2, 3, 4])).toEqual([
      10, 0, 0, 0,
    ]);
  });
});

describe('AveragePool gradient', () => {
  it('divides by the window size or by the count of unpadded elements', async () => {
    for (const countIncludePad of [0, 1]) {
      await expectOp('AveragePool', [1, 2, 7, 8], {
        kernel_shape: [3, 3],
        strides: [2, 2],
        pads: [1, 1, 1, 0],
        count_include_pad: countIncludePad,
      });
      await expectOp('AveragePool', [1, 2, 5, 5], {
        kernel_shape: [2, 2],
        auto_pad: 'SAME_LOWER',
        count_include_pad: countIncludePad,
      });
    }
    await expectOp('AveragePool', [1, 2, 7, 7], { kernel_shape: [2, 2], strides: [2, 2] });
    const dilated = { kernel_shape: [2, 2], dilations: [2, 1], pads: [1, 1, 0, 0] };
    await expectOp('AveragePool', [1, 2, 7, 7], dilated, { opset: 19 });
  });

  it('refuses ceil_mode', async () => {
    const { model, inputDims } = opModel('AveragePool', [{ dims: [1, 1, 4, 4] }], {
      kernel_shape: [3, 3],
      strides: [2, 2],
      ceil_mode: 1,
    });
    const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
    expect(() => buildVjp(model, { outputs: ['y'] }, facts)).toThrow('ceil_mode=1 is not supported');
  });
});

describe('global pooling gradients', () => {
  it('spreads GlobalAveragePool evenly and sends GlobalMaxPool to the first maximum', async () => {
    await expectOp('GlobalAveragePool', [2, 3, 4, 5]);
    await expectOp('GlobalMaxPool', [1, 3, 4, 5]);
    const { model } = opModel('GlobalMaxPool', [{ dims: [1, 2, 2, 2] }]);
    const x = Float32Array.from([3, 1, 3, 3, 0, 5, 5, 0]);
    expect(await vjpAt(model, x, [1, 2, 2, 2], [7, 9])).toEqual([7, 0, 0, 0, 0, 9, 0, 0]);
  });
});

describe('Resize gradient', () => {
  const roi: OpInput = { dims: [0], value: new Float32Array(0) };
  const scales = (values: number[]): OpInput[] => [roi, { dims: [4], value: Float32Array.from(values) }];
  const sizes = (values: number[]): OpInput[] => [
    roi,
    { dims: [0], value: new Float32Array(0) },
    { dims: [4], value: int64Tensor('', values) },
  ];
  const resize = (dims: number[], attrs: Record<string, AttributeValue>, rest: OpInput[], opset = 13) =>
    expectOp('Resize', dims, attrs, { rest, opset });

  it('handles nearest ×2 as torch exports it, and other nearest modes', async () => {
    const nearest = { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' };
    const model = await resize([1, 2, 3, 4], nearest, scales([1, 1, 2, 2]));
    expect(model.graph!.node.filter((n) => n.opType === 'Resize')).toHaveLength(1);
    // Halving with half_pixel puts every source coordinate on a .5 tie, which nearest_mode breaks.
    await resize([1, 2, 8, 6], { mode: 'nearest' }, sizes([1, 2, 4, 3]));
    await resize([1, 2, 8, 6], { nearest_mode: 'round_prefer_ceil' }, scales([1, 1, 0.5, 0.5]));
    await resize([1, 2, 7, 6], { mode: 'nearest' }, sizes([1, 2, 3, 4]));
    // ORT leaves the unscaled H axis as is, although tf_half_pixel_for_nn (opset 11-12) would shift it.
    await resize(
      [1, 2, 4, 5],
      { coordinate_transformation_mode: 'tf_half_pixel_for_nn', nearest_mode: 'round_prefer_ceil' },
      scales([1, 1, 1, 1.7]),
      11,
    );
    await resize(
      [1, 2, 4, 5],
      { coordinate_transformation_mode: 'align_corners', nearest_mode: 'ceil' },
      sizes([1, 2, 7, 3]),
    );
  });

  it('handles bilinear with pytorch_half_pixel, half_pixel and align_corners', async () => {
    await resize(
      [1, 2, 3, 4],
      { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' },
      scales([1, 1, 2, 2]),
    );
    // Scale 1.5 on 5 gives 7 outputs: coordinates follow the scale, not 7/5.
    await resize([1, 2, 5, 5], { mode: 'linear' }, scales([1, 1, 1.5, 1.5]));
    await resize(
      [1, 2, 3, 4],
      { mode: 'linear', coordinate_transformation_mode: 'align_corners' },
      sizes([1, 2, 5, 7]),
    );
    await resize(
      [1, 2, 6, 7],
      { mode: 'linear', coordinate_transformation_mode: 'pytorch_half_pixel' },
      sizes([1, 2, 6, 3]),
    );
  });

  it('refuses cubic', async () => {
    const { model, inputDims } = opModel(
      'Resize',
      [{ dims: [1, 1, 3, 3] }, ...scales([1, 1, 2, 2])],
      { mode: 'cubic' },
      { opset: 13 },
    );
    const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
    expect(() => buildVjp(model, { outputs: ['y'] }, facts)).toThrow('mode "cubic" is not supported');
  });
});

describe('AlexNet-style pipeline', () => {
  it('passes the gradient check end to end', async () => {
    const dims = [1, 3, 7, 7];
    const constants: [string, number[]][] = [
      ['w1', [4, 3, 3, 3]],
      ['b1', [4]],
      ['w2', [5, 4, 3, 3]],
      ['b2', [5]],
      ['wf', [3, 5]],
      ['bf', [3]],
    ];
    const model = buildModel({
      name: 'alexnet-ish',
      inputs: [tensorInfo('x', dims)],
      outputs: [tensorInfo('y', undefined)],
      initializers: constants.map(([name, d], i) => floatTensor(name, d, normals(size(d), 20 + i, 0.5))),
      nodes: [
        node('Conv', ['x', 'w1', 'b1'], ['c1'], { pads: [1, 1, 1, 1] }),
        node('Relu', ['c1'], ['r1']),
        node('MaxPool', ['r1'], ['p1'], { kernel_shape: [3, 3], strides: [2, 2] }),
        node('Conv', ['p1', 'w2', 'b2'], ['c2'], { pads: [1, 1, 1, 1] }),
        node('Relu', ['c2'], ['r2']),
        node('GlobalAveragePool', ['r2'], ['g']),
        node('Flatten', ['g'], ['f']),
        node('Gemm', ['f', 'wf', 'bf'], ['y'], { transB: 1 }),
      ],
    });
    // The default step 1e-2: much smaller steps drown in float32 rounding of the output (each input moves
    // it little), and at this seed no ReLU or max-pool kink lies within a step.
    await expectGradient(model, dims);
  });
});
