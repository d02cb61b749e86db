/**
 * Input gradients of the torchvision ONNX fixtures in the browser, on wasm and on WebGPU (SwiftShader here):
 * the studio's VJP models reproduce torch autograd to 1e-3 relative L2, with no backward node left to the CPU.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../src/core/formats/npy';
import { relativeL2 } from '../src/core/stats';
import { callHook } from './benchHook';
import { expect, openStudio, test } from './fixtures';
import { requireShared } from './shared';

interface Manifest {
  models: { model: string; outputs: Record<string, { cotangent: string; grad: string }> }[];
}

interface GradientResult {
  backend: string;
  gradient: Float32Array;
  fallbacks: { op: string; node: string }[];
}

for (const backend of ['wasm', 'webgpu'] as const) {
  test.describe(`input gradients on ${backend} [conformance: ../shared/fixtures/onnx]`, () => {
    const dir = requireShared('fixtures/onnx');

    test(`every fixture output's gradient matches torch on ${backend}`, async ({ page, log }) => {
      test.setTimeout(600_000);
      await openStudio(page, `?bench&backend=${backend}`);
      const manifest: Manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      for (const entry of manifest.models) {
        const model = new Uint8Array(readFileSync(join(dir, entry.model)));
        const x = readNpy(readFileSync(join(dir, entry.model.replace(/\.onnx$/, '.x.npy'))));
        for (const [output, ref] of Object.entries(entry.outputs)) {
          const cotangent = readNpy(readFileSync(join(dir, ref.cotangent))).data as Float32Array;
          const result = await callHook<GradientResult>(page, 'inputGradient', {
            model,
            input: x.data,
            dims: x.shape,
            terms: [{ output, cotangent }],
          });
          expect(result.backend).toBe(backend);
          expect(result.fallbacks, `${entry.model}:${output} backward nodes left to the CPU`).toEqual([]);
          const torch = readNpy(readFileSync(join(dir, ref.grad))).data as Float32Array;
          const error = relativeL2(result.gradient, torch);
          console.log(`${backend} ${entry.model} ${output}: gradient relative L2 ${error.toExponential(2)}`);
          expect(error, `${entry.model}:${output} on ${backend}`).toBeLessThan(1e-3);
        }
      }
      expect(log.errors).toEqual([]);
    });
  });
}
