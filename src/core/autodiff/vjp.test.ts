import { describe, expect, it } from 'vitest';
import { buildModel, node, tensorInfo } from '../onnx/builder';
import { gradCheck, normals, opModel, wasmEngine } from '../testing/gradcheck';
import { measureGraph } from './graphFacts';
import { buildVjp } from './vjp';

describe('VJP graphs', () => {
  it('differentiates Add with broadcasting and Relu', async () => {
    const { model, inputDims } = opModel('Add', [
      { dims: [2, 3, 4] },
      { dims: [3, 1], value: normals(3, 2) },
    ]);
    expect((await gradCheck(model, { inputDims })).error).toBeLessThan(1e-3);
    const relu = opModel('Relu', [{ dims: [4, 5] }]);
    expect((await gradCheck(relu.model, { inputDims: relu.inputDims, eps: 1e-3 })).error).toBeLessThan(1e-3);
  });

  it('adds the gradients of a tensor used twice, and of several outputs', async () => {
    const model = buildModel({
      name: 'fan-out',
      inputs: [tensorInfo('x', [3, 4])],
      outputs: [tensorInfo('y', [3, 4]), tensorInfo('z', [3, 4])],
      nodes: [node('Relu', ['x'], ['r']), node('Add', ['r', 'x'], ['y']), node('Add', ['y', 'r'], ['z'])],
    });
    expect((await gradCheck(model, { inputDims: [3, 4], eps: 1e-3 })).error).toBeLessThan(1e-3);
    expect((await gradCheck(model, { inputDims: [3, 4], eps: 1e-3, outputs: ['y'] })).error).toBeLessThan(
      1e-3,
    );
  });

  it('names the op and node that has no gradient rule', async () => {
    const model = buildModel({
      name: 'no-rule',
      inputs: [tensorInfo('x', [2, 2])],
      outputs: [tensorInfo('y', [2, 2])],
      nodes: [node('Relu', ['x'], ['r']), node('Floor', ['r'], ['y'], {}, 'my_floor')],
    });
    const facts = await measureGraph(model, 'x', [2, 2], wasmEngine);
    expect(() => buildVjp(model, { outputs: ['y'] }, facts)).toThrow(
      'no gradient rule for op Floor (node "my_floor")',
    );
    expect(() => buildVjp(model, { outputs: ['nope'] }, facts)).toThrow('no tensor named "nope"');
  });
});
