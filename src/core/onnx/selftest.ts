/**
 * A tiny dense network (MatMul → Add → Relu) whose output we also compute in JS, so a backend is
 * reported as working only after it produced correct numbers, not merely after it loaded.
 */
import { createRng } from '../random';
import { buildModel, encodeModel, floatTensor, node, tensorInfo } from './builder';

export interface SelfTestCase {
  model: Uint8Array;
  inputName: string;
  outputName: string;
  input: Float32Array;
  inputShape: [number, number];
  expected: Float32Array;
}

export function buildSelfTest(inFeatures = 64, outFeatures = 32, batch = 4): SelfTestCase {
  const rng = createRng(7);
  const w = Float32Array.from(
    { length: inFeatures * outFeatures },
    () => rng.normal() / Math.sqrt(inFeatures),
  );
  const b = Float32Array.from({ length: outFeatures }, () => rng.normal() * 0.1);
  const x = Float32Array.from({ length: batch * inFeatures }, () => rng.normal());
  const model = buildModel({
    name: 'selftest',
    inputs: [tensorInfo('x', ['batch', inFeatures])],
    outputs: [tensorInfo('y', ['batch', outFeatures])],
    initializers: [floatTensor('w', [inFeatures, outFeatures], w), floatTensor('b', [outFeatures], b)],
    nodes: [node('MatMul', ['x', 'w'], ['xw']), node('Add', ['xw', 'b'], ['z']), node('Relu', ['z'], ['y'])],
  });
  const expected = new Float32Array(batch * outFeatures);
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outFeatures; o++) {
      let s = b[o];
      for (let i = 0; i < inFeatures; i++) s += x[n * inFeatures + i] * w[i * outFeatures + o];
      expected[n * outFeatures + o] = Math.max(0, s);
    }
  }
  return {
    model: encodeModel(model),
    inputName: 'x',
    outputName: 'y',
    input: x,
    inputShape: [batch, inFeatures],
    expected,
  };
}

/** Largest absolute difference, or Infinity on a length mismatch or NaN. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = Number.isNaN(d) ? Infinity : d;
  }
  return worst;
}
