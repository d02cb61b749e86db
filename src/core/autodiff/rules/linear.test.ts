import { describe, expect, it } from 'vitest';
import type { ModelProto } from 'onnx-buf';
import {
  buildModel,
  floatTensor,
  node,
  tensorInfo,
  type AttributeValue,
  type NodeProto,
} from '../../onnx/builder';
import { gradCheck, normals, opModel, wasmEngine, type OpInput } from '../../testing/gradcheck';
import { measureGraph } from '../graphFacts';
import { buildVjp } from '../vjp';
import { webgpuFallbacks } from '../webgpuOps';

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);
let seed = 10;
/** A constant float input with seeded normal values. */
const weights = (dims: number[]): OpInput => ({ dims, value: normals(size(dims), seed++, 0.5) });

/**
 * These ops are linear in each operand, so central differences are exact up to float32 rounding (and an
 * O(eps²) term where an operand meets itself); the VJP model must also stay on WebGPU.
 */
async function expectGradient(model: ModelProto, inputDims: number[]) {
  const { error } = await gradCheck(model, { inputDims });
  expect(error).toBeLessThan(1e-3);
  const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
  const vjp = buildVjp(model, { outputs: ['y'] }, facts);
  expect(webgpuFallbacks(vjp.model)).toEqual([]);
  return vjp.model;
}

async function expectOp(op: string, inputs: OpInput[], attrs: Record<string, AttributeValue> = {}) {
  const { model, inputDims } = opModel(op, inputs, attrs);
  return expectGradient(model, inputDims);
}

/** A model of `nodes` from input x to output y, with `constants` as initializers. */
function graph(dims: number[], nodes: NodeProto[], constants: Record<string, number[]> = {}) {
  const initializers = Object.entries(constants).map(([name, d]) =>
    floatTensor(name, d, normals(size(d), seed++, 0.5)),
  );
  return buildModel({
    name: 'test',
    inputs: [tensorInfo('x', dims)],
    outputs: [tensorInfo('y', undefined)],
    nodes,
    initializers,
  });
}

describe('Conv gradient', () => {
  it('is a ConvTranspose with the same weights, for pads, bias and 1-D', async () => {
    const model = await expectOp('Conv', [{ dims: [1, 2, 5, 5] }, weights([3, 2, 3, 3]), weights([3])], {
      pads: [1, 1, 1, 1],
    });
    expect(model.graph!.node.map((n) => n.opType)).toContain('ConvTranspose');
    await expectOp('Conv', [{ dims: [2, 2, 9] }, weights([3, 2, 3])], { strides: [2], pads: [0, 1] });
  });

  it('restores odd and uneven input sizes under strides 2 and 4', async () => {
    // 8 → 3 rows at stride 2 leaves the last input row unread (output_padding); 7 columns are all read.
    await expectOp('Conv', [{ dims: [1, 2, 8, 7] }, weights([2, 2, 3, 3])], { strides: [2, 2] });
    await expectOp('Conv', [{ dims: [1, 2, 9, 8] }, weights([2, 2, 3, 3])], {
      strides: [2, 2],
      pads: [1, 0, 0, 1],
    });
    // AlexNet's first layer (11×11, stride 4, pad 2) on a 12×12 image: 2×2 outputs.
    await expectOp('Conv', [{ dims: [1, 2, 12, 12] }, weights([4, 2, 11, 11]), weights([4])], {
      strides: [4, 4],
      pads: [2, 2, 2, 2],
    });
  });

  it('handles groups, depthwise and dilations', async () => {
    await expectOp('Conv', [{ dims: [1, 4, 5, 5] }, weights([6, 2, 3, 3])], { group: 2, pads: [1, 1, 1, 1] });
    await expectOp('Conv', [{ dims: [1, 3, 7, 7] }, weights([3, 1, 3, 3])], {
      group: 3,
      strides: [2, 2],
      pads: [1, 1, 1, 1],
    });
    await expectOp('Conv', [{ dims: [1, 2, 8, 9] }, weights([2, 2, 3, 3])], {
      dilations: [2, 3],
      pads: [2, 1, 1, 2],
    });
  });

  it('handles auto_pad SAME_UPPER, SAME_LOWER and VALID', async () => {
    // Odd total padding (3 and 1) puts the extra unit at the end (UPPER) or the start (LOWER).
    for (const autoPad of ['SAME_UPPER', 'SAME_LOWER']) {
      await expectOp('Conv', [{ dims: [1, 2, 7, 7] }, weights([2, 2, 4, 4])], {
        auto_pad: autoPad,
        strides: [2, 2],
      });
      await expectOp('Conv', [{ dims: [1, 2, 5, 6] }, weights([2, 2, 2, 2])], { auto_pad: autoPad });
    }
    await expectOp('Conv', [{ dims: [1, 2, 7, 6] }, weights([2, 2, 3, 3])], {
      auto_pad: 'VALID',
      strides: [2, 2],
    });
  });

  it('refuses a data-dependent weight', async () => {
    const model = graph([1, 1, 3, 3], [node('Relu', ['x'], ['w']), node('Conv', ['x', 'w'], ['y'])]);
    const facts = await measureGraph(model, 'x', [1, 1, 3, 3], wasmEngine);
    expect(() => buildVjp(model, { outputs: ['y'] }, facts)).toThrow('weights and bias must be constant');
  });
});

describe('ConvTranspose gradient', () => {
  it('is a Conv with the same weights, for strides, pads, output_padding and groups', async () => {
    const model = await expectOp('ConvTranspose', [{ dims: [1, 2, 3, 4] }, weights([2, 3, 3, 3])], {
      strides: [2, 2],
      pads: [1, 0, 0, 1],
      output_padding: [1, 1],
    });
    expect(model.graph!.node.map((n) => n.opType)).toContain('Conv');
    await expectOp('ConvTranspose', [{ dims: [1, 4, 3, 3] }, weights([4, 1, 3, 3]), weights([2])], {
      group: 2,
      strides: [2, 2],
      dilations: [1, 2],
      pads: [1, 1, 1, 1],
    });
  });

  it('handles output_shape, auto_pad SAME_UPPER / SAME_LOWER and VALID', async () => {
    await expectOp('ConvTranspose', [{ dims: [1, 2, 3, 4] }, weights([2, 2, 3, 3])], {
      strides: [2, 2],
      output_shape: [6, 9],
    });
    for (const autoPad of ['SAME_UPPER', 'SAME_LOWER', 'VALID'])
      await expectOp('ConvTranspose', [{ dims: [1, 2, 3, 4] }, weights([2, 2, 4, 3])], {
        auto_pad: autoPad,
        strides: [2, 2],
      });
  });
});

describe('Gemm gradient', () => {
  it('follows transA, transB, alpha and beta, w.r.t. A, B or C', async () => {
    await expectOp('Gemm', [{ dims: [3, 4] }, weights([4, 5]), weights([5])]);
    await expectOp('Gemm', [{ dims: [3, 4] }, weights([5, 4]), weights([1, 5])], { transB: 1, alpha: 0.5 });
    await expectOp('Gemm', [{ dims: [4, 3] }, weights([4, 5])], { transA: 1, alpha: 2.5 });
    await expectOp('Gemm', [weights([3, 4]), { dims: [4, 5] }, weights([3, 5])], { beta: 1.5 });
    await expectOp('Gemm', [weights([4, 3]), { dims: [5, 4] }], { transA: 1, transB: 1, alpha: 1.5 });
    await expectOp('Gemm', [weights([3, 4]), weights([4, 5]), { dims: [5] }], { alpha: 2.5, beta: 0.5 });
  });

  it('differentiates both operands of x·xᵀ', async () => {
    const model = graph([3, 4], [node('Gemm', ['x', 'x'], ['y'], { transB: 1 })]);
    await expectGradient(model, [3, 4]);
  });
});

describe('MatMul gradient', () => {
  it('sums the broadcast batch axes back for each operand', async () => {
    await expectOp('MatMul', [{ dims: [2, 3, 4] }, weights([4, 5])]);
    await expectOp('MatMul', [weights([5, 3]), { dims: [2, 3, 4] }]);
    await expectOp('MatMul', [{ dims: [2, 1, 3, 4] }, weights([3, 4, 2])]);
    await expectOp('MatMul', [weights([2, 1, 3, 4]), { dims: [3, 4, 2] }]);
  });

  it('handles 1-D operands', async () => {
    await expectOp('MatMul', [{ dims: [4] }, weights([2, 4, 3])]);
    await expectOp('MatMul', [{ dims: [2, 3, 4] }, weights([4])]);
    await expectOp('MatMul', [weights([4]), { dims: [4, 3] }]);
    await expectOp('MatMul', [weights([2, 3, 4]), { dims: [4] }]);
  });

  it('differentiates both operands when both depend on the image (attention scores)', async () => {
    // x·xᵀ per batch, as Q·Kᵀ, and the dot product x·x of 1-D operands.
    await expectGradient(
      graph(
        [2, 3, 4],
        [node('Transpose', ['x'], ['xt'], { perm: [0, 2, 1] }), node('MatMul', ['x', 'xt'], ['y'])],
      ),
      [2, 3, 4],
    );
    await expectGradient(graph([5], [node('MatMul', ['x', 'x'], ['y'])]), [5]);
    // softmax-free attention output (x·xᵀ)·x, with a constant projection in between.
    await expectGradient(
      graph(
        [3, 4],
        [
          node('MatMul', ['x', 'wq'], ['q']),
          node('Gemm', ['q', 'x'], ['s'], { transB: 1 }),
          node('MatMul', ['s', 'x'], ['y']),
        ],
        { wq: [4, 4] },
      ),
      [3, 4],
    );
  });
});
