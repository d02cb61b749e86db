import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { tinyModel } from '../testing/tinyModel';
import { encodeModel } from './builder';
import { imageInput, listLayers, tapModel } from './taps';

describe('layer taps', () => {
  it('lists activations in graph order, not shape plumbing', () => {
    expect(listLayers(tinyModel()).map((l) => `${l.op}:${l.name}`)).toEqual([
      'Conv:conv',
      'Relu:relu',
      'GlobalAveragePool:y',
    ]);
    expect(imageInput(tinyModel())).toEqual({ name: 'x', shape: ['batch', 3, 2, 2] });
  });

  it('turns chosen tensors into the outputs, and ORT computes them', async () => {
    const tapped = tapModel(tinyModel(), ['relu', 'conv']);
    expect(tapped.graph!.output.map((o) => o.name)).toEqual(['relu', 'conv']);
    expect(tinyModel().graph!.output.map((o) => o.name)).toEqual(['y', 's']);
    const session = await ort.InferenceSession.create(encodeModel(tapped), { executionProviders: ['wasm'] });
    const x = Float32Array.from({ length: 12 }, (_, i) => i - 6);
    const out = await session.run({ x: new ort.Tensor('float32', x, [1, 3, 2, 2]) });
    // Channel 0 = x0 - x1 + 0.5·x2 at each pixel; channel 1 = -2·x0 + x1 + x2.
    const expected = [0, 1, 2, 3].flatMap((p) => [x[p] - x[4 + p] + 0.5 * x[8 + p]]);
    expect(Array.from((out.conv.data as Float32Array).subarray(0, 4))).toEqual(expected);
    expect(Array.from(out.relu.data as Float32Array)).toEqual(
      Array.from(out.conv.data as Float32Array, (v) => Math.max(0, v)),
    );
    expect(out.conv.dims).toEqual([1, 2, 2, 2]);
  });

  it('names layers that do not exist', () => {
    expect(() => tapModel(tinyModel(), ['relu', 'nope', 'w'])).toThrow(
      /no layer named "nope", "w" in this model/,
    );
    expect(() => tapModel(tinyModel(), [])).toThrow(/choose at least one layer/);
  });
});
