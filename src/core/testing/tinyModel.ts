/** A tiny image model for tests of model tools and the CLI. */
import { buildModel, DataType, floatTensor, int64Tensor, node, tensorInfo } from '../onnx/builder';
import { createRng } from '../random';

/** x → Conv (1×1, weights w) → Relu → GlobalAveragePool → y, plus a Shape(x) branch. */
export function tinyModel() {
  const w = Float32Array.from([1, -1, 0.5, -2, 1, 1]);
  return buildModel({
    name: 'tiny',
    inputs: [tensorInfo('x', ['batch', 3, 2, 2])],
    outputs: [tensorInfo('y', ['batch', 2, 1, 1]), tensorInfo('s', [4], DataType.INT64)],
    initializers: [floatTensor('w', [2, 3, 1, 1], w)],
    nodes: [
      node('Conv', ['x', 'w'], ['conv']),
      node('Relu', ['conv'], ['relu']),
      node('GlobalAveragePool', ['relu'], ['y']),
      node('Shape', ['x'], ['s']),
    ],
  });
}

/**
 * A small image model with all three tap geometries, for extraction tests:
 * image (batch, 3, S, S) → Conv 3→C (3×3, pad 1, seeded weights) → Relu = `act` (grid);
 * `tokens` = act as (batch, S², C); `vec` = act's global average (batch, C).
 */
export function tapTestModel(side: number, channels = 4) {
  const rng = createRng(11);
  const w = Float32Array.from({ length: channels * 3 * 9 }, () => rng.normal() * 0.3);
  return buildModel({
    name: 'taps-test',
    inputs: [tensorInfo('image', ['batch', 3, side, side])],
    outputs: [tensorInfo('vec', ['batch', channels])],
    initializers: [floatTensor('w', [channels, 3, 3, 3], w), int64Tensor('flat', [0, channels, side * side])],
    nodes: [
      node('Conv', ['image', 'w'], ['conv'], { pads: [1, 1, 1, 1] }),
      node('Relu', ['conv'], ['act']),
      node('Reshape', ['act', 'flat'], ['act_flat']),
      node('Transpose', ['act_flat'], ['tokens'], { perm: [0, 2, 1] }),
      node('GlobalAveragePool', ['act'], ['gap']),
      node('Flatten', ['gap'], ['vec']),
    ],
  });
}
