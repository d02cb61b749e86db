/** A tiny image model for tests of model tools and the CLI. */
import { buildModel, DataType, floatTensor, node, tensorInfo } from '../onnx/builder';

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
