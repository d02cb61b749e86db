/**
 * Layer taps on the torchvision ONNX fixtures, in the browser: on wasm and on WebGPU (SwiftShader here),
 * re-tapped outputs reproduce torch's to 1e-4 relative L2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../src/core/formats/npy';
import { relativeL2 } from '../src/core/stats';
import { callHook } from './benchHook';
import { expect, openStudio, test } from './fixtures';
import { requireShared } from './shared';

interface Manifest {
  models: { model: string; input: string; outputs: Record<string, { y: string }> }[];
}

for (const backend of ['wasm', 'webgpu'] as const) {
  test.describe(`layer taps on ${backend} [conformance: ../shared/fixtures/onnx]`, () => {
    const dir = requireShared('fixtures/onnx');

    test(`every fixture model's taps match torch on ${backend}`, async ({ page, log }) => {
      test.setTimeout(300_000);
      await openStudio(page, `?bench&backend=${backend}`);
      await expect(page.getByTestId('backend')).toContainText(backend === 'webgpu' ? 'WebGPU' : 'wasm');
      const manifest: Manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      for (const entry of manifest.models) {
        const x = readNpy(readFileSync(join(dir, entry.model.replace(/\.onnx$/, '.x.npy'))));
        const taps = Object.keys(entry.outputs);
        const result = await callHook<{
          backend: string;
          outputs: { name: string; dims: number[]; data: Float32Array }[];
        }>(page, 'runTaps', {
          model: new Uint8Array(readFileSync(join(dir, entry.model))),
          taps,
          input: x.data,
          dims: x.shape,
        });
        expect(result.backend).toBe(backend);
        for (const out of result.outputs) {
          const y = readNpy(readFileSync(join(dir, entry.outputs[out.name].y)));
          const got = out.data;
          expect(out.dims, `${entry.model}:${out.name}`).toEqual(y.shape);
          const error = relativeL2(got, y.data as Float32Array);
          console.log(`${backend} ${entry.model} ${out.name}: relative L2 ${error.toExponential(2)}`);
          expect(error, `${entry.model}:${out.name} on ${backend}`).toBeLessThan(1e-4);
        }
      }
      expect(log.errors).toEqual([]);
    });
  });
}
