/**
 * The torchvision fixtures in ../shared/fixtures/onnx run in onnxruntime-web (wasm, in Node) and
 * reproduce torch's forward outputs: proves our .npy reader and the ORT set-up on real models.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { readNpy } from '../formats/npy';
import { relativeL2 } from '../stats';
import { describeShared, sharedPath } from '../testing/shared';

interface Manifest {
  models: { model: string; input: string; outputs: Record<string, { y: string }> }[];
}

const fixture = (name: string) => sharedPath('fixtures/onnx', name);

describeShared('ONNX fixtures forward', 'fixtures/onnx/manifest.json', () => {
  const manifest = (): Manifest => JSON.parse(readFileSync(fixture('manifest.json'), 'utf8'));

  it('every fixture model matches the torch outputs to 1e-4 relative L2', async () => {
    ort.env.wasm.numThreads = 2;
    for (const entry of manifest().models) {
      const session = await ort.InferenceSession.create(readFileSync(fixture(entry.model)), {
        executionProviders: ['wasm'],
      });
      const stem = entry.model.replace(/\.onnx$/, '');
      const x = readNpy(readFileSync(fixture(`${stem}.x.npy`)));
      const out = await session.run({
        [entry.input]: new ort.Tensor('float32', x.data as Float32Array, x.shape),
      });
      for (const [name, ref] of Object.entries(entry.outputs)) {
        const y = readNpy(readFileSync(fixture(ref.y)));
        expect(out[name].dims, `${entry.model}:${name} shape`).toEqual(y.shape);
        expect(
          relativeL2(out[name].data as Float32Array, y.data as Float32Array),
          `${entry.model}:${name}`,
        ).toBeLessThan(1e-4);
      }
      await session.release();
    }
  });
});
