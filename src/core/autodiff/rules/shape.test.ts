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
import { gradCheck, normals, opModel, wasmEngine, type OpInput } from '../../testing/gradcheck';
import { measureGraph } from '../graphFacts';
import { buildVjp } from '../vjp';
import { webgpuFallbacks } from '../webgpuOps';

/** A constant int64 input (shape, axes, indices, pads…). */
const ints = (values: number[], dims = [values.length]): OpInput => ({
  dims,
  value: int64Tensor('', values, dims),
});

/**
 * These ops are linear: central differences are exact up to float32 rounding. The VJP model must also run
 * on WebGPU without CPU fallback.
 */
async function expectGradient(model: ModelProto, inputDims: number[], outputs?: string[]) {
  const { error } = await gradCheck(model, { inputDims, outputs });
  expect(error).toBeLessThan(1e-3);
  const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
  const vjp = buildVjp(model, { outputs: outputs ?? model.graph!.output.map((o) => o.name) }, facts);
  expect(webgpuFallbacks(vjp.model)).toEqual([]);
}

async function expectOp(
  op: string,
  dims: number[],
  rest: OpInput[] = [],
  attrs: Record<string, AttributeValue> = {},
  opset?: number,
) {
  const { model, inputDims } = opModel(op, [{ dims }, ...rest], attrs, { opset });
  await expectGradient(model, inputDims);
}

describe('shape rule gradients', () => {
  it('Reshape, Flatten and Transpose route the cotangent back', async () => {
    await expectOp('Reshape', [2, 3, 4], [ints([0, -1, 2])]);
    await expectOp('Flatten', [2, 3, 4], [], { axis: 2 });
    await expectOp('Flatten', [2, 3, 4], [], { axis: 0 });
    await expectOp('Transpose', [2, 3, 4], [], { perm: [1, 2, 0] });
    await expectOp('Transpose', [2, 3, 4]);
  });

  it('Squeeze and Unsqueeze with axes as attribute (opset 11) and as input (opset 13)', async () => {
    await expectOp('Squeeze', [2, 1, 3, 1], [], { axes: [1, -1] }, 11);
    await expectOp('Squeeze', [2, 1, 3, 1], [ints([1, -1])], {}, 13);
    await expectOp('Squeeze', [1, 3, 1], [], {}, 13);
    await expectOp('Unsqueeze', [2, 3], [], { axes: [0, 3] }, 11);
    await expectOp('Unsqueeze', [2, 3], [ints([-1, 1])], {}, 13);
  });

  it('Concat slices the cotangent per input, with a negative axis and the image used twice', async () => {
    const { model, inputDims } = opModel(
      'Concat',
      [{ dims: [2, 3, 2] }, { dims: [2, 3, 1], value: normals(6, 3) }, { dims: [2, 3, 2] }],
      { axis: -1 },
    );
    await expectGradient(model, inputDims);
    await expectOp('Concat', [2, 3], [{ dims: [1, 3], value: normals(3, 4) }], { axis: 0 }, 7);
  });

  it('Split with split as attribute (11), input (13) and num_outputs (18), and an output without cotangent', async () => {
    const outputs = { outputs: ['y0', 'y1', 'y2'] };
    const v11 = opModel(
      'Split',
      [{ dims: [2, 6] }],
      { axis: 1, split: [1, 2, 3] },
      { ...outputs, opset: 11 },
    );
    await expectGradient(v11.model, v11.inputDims);
    await expectGradient(v11.model, v11.inputDims, ['y0', 'y2']);
    const v13 = opModel('Split', [{ dims: [5, 2] }, ints([3, 2])], {}, { outputs: ['y0', 'y1'], opset: 13 });
    await expectGradient(v13.model, v13.inputDims, ['y1']);
    const v18 = opModel('Split', [{ dims: [2, 7] }], { axis: -1, num_outputs: 3 }, { ...outputs, opset: 18 });
    await expectGradient(v18.model, v18.inputDims);
    await expectGradient(v18.model, v18.inputDims, ['y1', 'y2']);
  });

  it('Slice with attributes (opset 9)', async () => {
    await expectOp('Slice', [4, 5], [], { starts: [1, -3], ends: [3, 1000], axes: [0, 1] }, 9);
    await expectOp('Slice', [4, 5], [], { starts: [1], ends: [-1] }, 9);
  });

  it('Slice with inputs: negative and clamped bounds, steps 2, 3, -1 and -2', async () => {
    const slice = (dims: number[], starts: number[], ends: number[], axes?: number[], steps?: number[]) =>
      expectOp('Slice', dims, [
        ints(starts),
        ints(ends),
        ...(axes ? [ints(axes)] : []),
        ...(steps ? [ints(steps)] : []),
      ]);
    await slice([4, 5], [-3, 1], [100, -1]);
    await slice([2, 7, 3], [1, 0], [6, 2], [1, -1], [2, 1]);
    await slice([2, 8], [-1], [-100], [1], [-1]);
    await slice([2, 8], [100, -1], [-100, 2], [1, 0], [-2, 1]);
    await slice([3, 10], [-9], [10], [-1], [3]);
    await slice([6, 4], [-1, 1], [-7, 4], [0, 1], [-1, 2]);
  });

  it('Gather with a scalar index, repeated and negative indices, 2-D indices', async () => {
    await expectOp('Gather', [2, 5, 3], [ints([0], [])], { axis: 1 });
    await expectOp('Gather', [2, 5, 3], [ints([-1], [])], { axis: -2 });
    await expectOp('Gather', [5, 3], [ints([4, 0, 4, -5, 2])]);
    await expectOp('Gather', [2, 3, 4], [ints([1, 3, 3, 0, -1, 2], [2, 3])], { axis: 2 });
    await expectOp('Gather', [2, 6], [ints([2, 3, 4])], { axis: 1 });
  });

  it('Expand sums the cotangent over broadcast axes; Tile over repeats', async () => {
    await expectOp('Expand', [3, 1], [ints([2, 3, 4])]);
    await expectOp('Expand', [2, 1, 4], [ints([3, 1])]);
    await expectOp('Tile', [2, 3], [ints([2, 3])]);
    await expectOp('Tile', [2, 1, 3], [ints([1, 4, 2])], {}, 13);
  });

  it('Pad with pads as attribute (opset 2) and input (11, 18 with axes), negative pads crop', async () => {
    await expectOp('Pad', [2, 3], [], { pads: [1, 0, 2, 3], value: 0.5 }, 2);
    await expectOp('Pad', [2, 3], [], { pads: [0, -1, 1, 2] }, 10);
    await expectOp(
      'Pad',
      [2, 3, 4],
      [ints([0, 1, -1, 1, -1, 2]), { dims: [], value: normals(1, 5) }],
      {},
      11,
    );
    await expectOp(
      'Pad',
      [2, 3, 4],
      [ints([2, -1, 0, 3]), { dims: [], value: normals(1, 6) }, ints([-1, 0])],
      {},
      18,
    );
  });

  it('refuses non-constant Pad modes', async () => {
    const { model, inputDims } = opModel('Pad', [{ dims: [2, 3] }, ints([1, 1, 1, 1])], { mode: 'reflect' });
    const facts = await measureGraph(model, 'x', inputDims, wasmEngine);
    expect(() => buildVjp(model, { outputs: ['y'] }, facts)).toThrow('no gradient for mode "reflect"');
  });

  it('gives a zero gradient through an empty Slice or Gather', async () => {
    const models = [
      opModel('Slice', [{ dims: [3, 4] }, ints([2]), ints([1]), ints([1])]),
      opModel('Gather', [{ dims: [3, 4] }, ints([], [0])], { axis: 1 }),
    ];
    for (const { model, inputDims } of models) {
      const { gradient } = await gradCheck(model, { inputDims });
      expect(Array.from(gradient)).toEqual(new Array(12).fill(0));
    }
  });
});

describe('shape rules in transformer graphs', () => {
  // Gemm's rule belongs to the linear rules; this runs once they are registered.
  it('ViT head: class token taken by Gather(axis 1, index 0), then Gemm', async () => {
    const model = buildModel({
      name: 'vit-head',
      inputs: [tensorInfo('x', [1, 5, 4])],
      outputs: [tensorInfo('y', [1, 3])],
      initializers: [
        int64Tensor('cls_index', [0], []),
        floatTensor('w', [3, 4], normals(12, 7)),
        floatTensor('b', [3], normals(3, 8)),
      ],
      nodes: [
        node('Gather', ['x', 'cls_index'], ['cls'], { axis: 1 }),
        node('Gemm', ['cls', 'w', 'b'], ['y'], { transB: 1 }),
      ],
    });
    await expectGradient(model, [1, 5, 4]);
  });

  it('patch embedding tail: flatten patches by shape plumbing, transpose, prepend class token, add positions', async () => {
    const model = buildModel({
      name: 'vit-embed',
      inputs: [tensorInfo('x', [1, 4, 2, 2])],
      outputs: [tensorInfo('y', [1, 5, 4])],
      initializers: [
        int64Tensor('zero', [0], [1]),
        int64Tensor('two', [2], [1]),
        int64Tensor('minus_one', [-1], [1]),
        floatTensor('cls_token', [1, 1, 4], normals(4, 9)),
        floatTensor('positions', [1, 5, 4], normals(20, 10)),
      ],
      nodes: [
        // x.flatten(2) as torch exports it: the target shape is computed from Shape(x).
        node('Shape', ['x'], ['shape']),
        node('Slice', ['shape', 'zero', 'two', 'zero'], ['lead']),
        node('Concat', ['lead', 'minus_one'], ['target'], { axis: 0 }),
        node('Reshape', ['x', 'target'], ['patches']),
        node('Transpose', ['patches'], ['tokens'], { perm: [0, 2, 1] }),
        node('Concat', ['cls_token', 'tokens'], ['with_cls'], { axis: 1 }),
        node('Add', ['with_cls', 'positions'], ['y']),
      ],
    });
    await expectGradient(model, [1, 4, 2, 2]);
  });
});
