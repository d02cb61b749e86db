import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { buildSelfTest, maxAbsDifference } from './selftest';
import { decodeModel } from './builder';

describe('backend self-test model', () => {
  it('round-trips through protobuf', () => {
    const model = decodeModel(buildSelfTest().model);
    expect(model.graph?.node.map((n) => n.opType)).toEqual(['MatMul', 'Add', 'Relu']);
    expect(model.graph?.initializer.map((t) => t.name)).toEqual(['w', 'b']);
  });

  it('runs in onnxruntime (wasm) and matches the JS reference', async () => {
    const test = buildSelfTest();
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(test.model, { executionProviders: ['wasm'] });
    const out = await session.run({
      [test.inputName]: new ort.Tensor('float32', test.input, test.inputShape),
    });
    const y = out[test.outputName].data as Float32Array;
    expect(maxAbsDifference(y, test.expected)).toBeLessThan(1e-5);
    expect(test.expected.some((v) => v > 0) && test.expected.some((v) => v === 0)).toBe(true);
  });

  it('flags mismatches and NaN', () => {
    expect(maxAbsDifference([1, 2], [1, 2.5])).toBeCloseTo(0.5);
    expect(maxAbsDifference([1, NaN], [1, 2])).toBe(Infinity);
    expect(maxAbsDifference([1], [1, 2])).toBe(Infinity);
  });
});
