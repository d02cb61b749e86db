/**
 * Whole-network input gradients against torch autograd (../shared/fixtures/onnx): for every output in the
 * manifest, our VJP of Σ output·cotangent matches torch's gradient to 1e-3 relative L2, through the CLI.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { readNpy } from '../formats/npy';
import { relativeL2 } from '../stats';
import { describeShared, sharedPath } from '../testing/shared';

interface Manifest {
  models: { model: string; outputs: Record<string, { cotangent: string; grad: string }> }[];
}

const run = promisify(execFile);
const bin = new URL('../../cli/boldstudio.mjs', import.meta.url).pathname;

describeShared('input gradients of the ONNX fixtures (boldstudio vjp)', 'fixtures/onnx/manifest.json', () => {
  const fixture = (name: string) => sharedPath('fixtures/onnx', name);
  const manifest: Manifest = JSON.parse(readFileSync(fixture('manifest.json'), 'utf8'));
  const dir = mkdtempSync(join(tmpdir(), 'vjp-'));
  /** `boldstudio vjp` on a fixture model and its input; returns the gradient it wrote. */
  const vjp = async (model: string, terms: [string, string][], out: string) => {
    await run(process.execPath, [
      bin,
      'vjp',
      '--model',
      fixture(model),
      '--input',
      fixture(model.replace(/\.onnx$/, '.x.npy')),
      ...terms.flatMap(([output, cotangent]) => ['--output', output, '--cotangent', fixture(cotangent)]),
      '--out',
      join(dir, out),
    ]);
    return readNpy(readFileSync(join(dir, out)));
  };

  for (const entry of manifest.models) {
    for (const [output, ref] of Object.entries(entry.outputs)) {
      it(`${entry.model} ${output}: matches torch autograd to 1e-3`, { timeout: 120_000 }, async () => {
        const ours = await vjp(entry.model, [[output, ref.cotangent]], `${entry.model}.${output}.grad.npy`);
        const torch = readNpy(readFileSync(fixture(ref.grad)));
        expect(ours.shape).toEqual(torch.shape);
        expect(relativeL2(ours.data as Float32Array, torch.data as Float32Array)).toBeLessThan(1e-3);
      });
    }
  }

  it('adds up the gradients of several outputs', { timeout: 120_000 }, async () => {
    const entry = manifest.models.find((m) => m.model === 'resnet18_l3.onnx')!;
    const names = ['layer1', 'layer2'];
    const summed = await vjp(
      entry.model,
      names.map((n) => [n, entry.outputs[n].cotangent]),
      'sum.grad.npy',
    );
    const [a, b] = names.map(
      (n) => readNpy(readFileSync(fixture(entry.outputs[n].grad))).data as Float32Array,
    );
    const ours = summed.data as Float32Array;
    expect(
      relativeL2(
        ours,
        a.map((v, i) => v + b[i]),
      ),
    ).toBeLessThan(1e-3);
  });
});
