/**
 * Layer taps on the torchvision ONNX fixtures, in the browser: on wasm and on WebGPU (SwiftShader here),
 * re-tapped outputs reproduce torch's to 1e-4 relative L2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../src/core/formats/npy';
import { relativeL2 } from '../src/core/stats';
import { expect, openStudio, test } from './fixtures';
import { requireShared } from './shared';

interface Manifest {
  models: { model: string; input: string; outputs: Record<string, { y: string }> }[];
}

const base64 = (bytes: ArrayBufferView) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

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
        const result = await page.evaluate(
          async ({ model, input, dims, taps }) => {
            const decode = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
            const bytes = decode(input);
            const out = await (
              window as unknown as { __boldstudioBench: { runTaps: Function } }
            ).__boldstudioBench.runTaps({
              model: decode(model),
              taps,
              input: new Float32Array(bytes.buffer),
              dims,
            });
            const encode = (f: Float32Array) => {
              const u = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
              let s = '';
              for (let i = 0; i < u.length; i += 0x8000)
                s += String.fromCharCode(...u.subarray(i, i + 0x8000));
              return btoa(s);
            };
            return {
              backend: out.backend as string,
              outputs: (out.outputs as { name: string; dims: number[]; data: Float32Array }[]).map((o) => ({
                name: o.name,
                dims: o.dims,
                data: encode(o.data),
              })),
            };
          },
          { model: base64(readFileSync(join(dir, entry.model))), input: base64(x.data), dims: x.shape, taps },
        );
        expect(result.backend).toBe(backend);
        for (const out of result.outputs) {
          const y = readNpy(readFileSync(join(dir, entry.outputs[out.name].y)));
          const buf = Buffer.from(out.data, 'base64');
          const got = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
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
