/** Taps on the torchvision fixtures: with their outputs removed and re-tapped by name, ORT reproduces torch. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { readNpy } from '../formats/npy';
import { relativeL2 } from '../stats';
import { describeShared, sharedPath } from '../testing/shared';
import { decodeModel, encodeModel, tensorInfo } from './builder';
import { listLayers, tapModel } from './taps';

interface Manifest {
  models: { model: string; input: string; outputs: Record<string, { y: string }> }[];
}

describeShared('layer taps on the ONNX fixtures', 'fixtures/onnx/manifest.json', () => {
  const fixture = (name: string) => sharedPath('fixtures/onnx', name);

  it('re-tapped intermediate layers match the torch outputs to 1e-4 relative L2', async () => {
    const manifest: Manifest = JSON.parse(readFileSync(fixture('manifest.json'), 'utf8'));
    ort.env.wasm.numThreads = 2;
    for (const entry of manifest.models) {
      const model = decodeModel(readFileSync(fixture(entry.model)));
      const names = Object.keys(entry.outputs);
      // Keep only a dummy output so the taps must come from our rewrite, not the file.
      model.graph!.output = [tensorInfo(listLayers(model)[0].name, undefined)];
      expect(listLayers(model).map((l) => l.name)).toEqual(expect.arrayContaining(names));
      const session = await ort.InferenceSession.create(encodeModel(tapModel(model, names)), {
        executionProviders: ['wasm'],
      });
      const stem = entry.model.replace(/\.onnx$/, '');
      const x = readNpy(readFileSync(fixture(`${stem}.x.npy`)));
      const out = await session.run({
        [entry.input]: new ort.Tensor('float32', x.data as Float32Array, x.shape),
      });
      for (const [name, ref] of Object.entries(entry.outputs)) {
        const y = readNpy(readFileSync(fixture(ref.y)));
        expect(out[name].dims, `${entry.model}:${name}`).toEqual(y.shape);
        expect(
          relativeL2(out[name].data as Float32Array, y.data as Float32Array),
          `${entry.model}:${name}`,
        ).toBeLessThan(1e-4);
      }
      await session.release();
    }
  });
});
