import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { readBundle } from '../core/bundle/hdf5';
import { DEFAULT_DEMO, generateDemoSubject } from '../core/demo';
import { initH5, openH5 } from '../core/formats/h5';
import { silentContext } from '../core/jobs/progress';
import { writeNsdTree } from '../core/testing/nsdTree';
import { tapTestModel, tinyModel } from '../core/testing/tinyModel';
import { readFeatures } from '../core/backbone/featuresHdf5';
import { encodeModel } from '../core/onnx/builder';
import { writeFileSync } from 'node:fs';

const run = promisify(execFile);
const bin = new URL('./boldstudio.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('boldstudio CLI', () => {
  it('lists its subcommands', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: boldstudio <command>/);
    expect(stdout).toMatch(/\n {2}demo {2}/);
  });

  it('rejects unknown commands and bad flags with a usage message', async () => {
    expect((await cli('nonsense')).code).toBe(2);
    const missing = await cli('demo');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out DIR is required/);
    const bad = await cli('demo', '--out', dir, '--images', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--images must be a non-negative integer, got "many"/);
  });

  it('writes the demo subject as a bundle equal to the one the app builds', async () => {
    const { code, stdout } = await cli(
      'demo',
      '--out',
      dir,
      '--images',
      '60',
      '--test-images',
      '10',
      '--seed',
      '5',
    );
    expect(code).toBe(0);
    const path = join(dir, 'demo01.h5');
    expect(stdout).toContain(path);

    const lib = await initH5(h5wasm);
    const file = openH5(lib, path, 'r');
    const written = readBundle(file);
    file.close();
    const expected = await generateDemoSubject(
      { ...DEFAULT_DEMO, seed: 5, imageCount: 60, testCount: 10 },
      silentContext,
    );
    expect(written).toEqual(expected);
  });

  it('inspects an NSD folder and builds the bundle it allows', async () => {
    const tree = await writeNsdTree(join(dir, 'nsd'), { sessions: 1 });
    const inspect = await cli('inspect', tree.root, '--json');
    expect(inspect.code).toBe(0);
    const inv = JSON.parse(inspect.stdout);
    expect(inv.datasets.map((d: { space: string }) => d.space).sort()).toEqual([
      'fsaverage',
      'func1pt8mm',
      'nativesurface',
    ]);

    const out = join(dir, 'nsd.h5');
    const built = await cli(
      'bundle',
      '--nsd',
      tree.root,
      '--space',
      'func1pt8mm',
      '--roi',
      'nsdgeneral',
      '--image-size',
      '8',
      '--out',
      out,
    );
    expect(built.code).toBe(0);
    const file = openH5(await initH5(h5wasm), out, 'r');
    expect(readBundle(file).units.count).toBe(tree.maskVoxels.length);
    file.close();

    const both = await cli('bundle', '--nsd', tree.root, '--algonauts', tree.root, '--out', out);
    expect(both.stderr).toMatch(/give one of --nsd ROOT or --algonauts DIR/);
    const noRoi = await cli(
      'bundle',
      '--nsd',
      tree.root,
      '--space',
      'func1pt8mm',
      '--out',
      join(dir, 'x.h5'),
    );
    expect(noRoi.code).toBe(1);
    expect(noRoi.stderr).toMatch(/choose an ROI set to select voxels \(nsdgeneral\)/);
  });

  it('lists the layers of an ONNX model with their shapes, and rejects a non-model', async () => {
    const path = join(dir, 'tiny.onnx');
    writeFileSync(path, encodeModel(tinyModel()));
    const { code, stdout } = await cli('layers', '--model', path, '--size', '2', '--json');
    expect(code).toBe(0);
    const { layers } = JSON.parse(stdout);
    expect(layers.map((l: { name: string; shape: number[] }) => `${l.name} ${l.shape.join('x')}`)).toEqual([
      'conv 2x2x2',
      'relu 2x2x2',
      'y 2x1x1',
    ]);
    writeFileSync(join(dir, 'junk.onnx'), 'not a model');
    const bad = await cli('layers', '--model', join(dir, 'junk.onnx'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/junk\.onnx: not an ONNX model/);
  });

  it('extracts reduced features for a bundle, with the choices recorded', async () => {
    const bundleDir = join(dir, 'features');
    expect((await cli('demo', '--out', bundleDir, '--images', '40', '--test-images', '8')).code).toBe(0);
    const model = join(dir, 'taps.onnx');
    writeFileSync(model, encodeModel(tapTestModel(8)));
    writeFileSync(`${model}.json`, JSON.stringify({ inputSize: 8 }));
    const out = join(dir, 'features.h5');
    const args = ['--model', model, '--layers', 'act,vec', '--bundle', join(bundleDir, 'demo01.h5')];
    const { code, stdout, stderr } = await cli(
      'features',
      ...args,
      '--out',
      out,
      '--percent',
      '50',
      '--pool',
      '2',
      '--pca',
      '3',
      '--batch',
      '6',
    );
    expect(stderr).not.toMatch(/Error/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/act: 4×8×8 → 2 channels × 2² cells → 3 PCA components = 3 features/);
    expect(stdout).toMatch(/vec: 4 → 2 channels × 1² cells → 2 PCA components = 2 features/);
    const lib = await initH5(h5wasm);
    const file = openH5(lib, out, 'r');
    const set = readFeatures(file);
    file.close();
    expect(set.nsdIds.length).toBe(40);
    expect(set.choices).toEqual({ percent: 50, pca: 3 });
    expect(set.preprocessing.inputSize).toBe(8);
    expect(set.layers.map((l) => [l.name, l.dim, l.values.length])).toEqual([
      ['act', 3, 120],
      ['vec', 2, 80],
    ]);
    expect(set.layers[0].pca?.components.length).toBe(3 * 8);

    const missing = await cli('features', ...args, '--out', out, '--layers', 'act,nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/taps\.onnx: no layer named "nope"/);
  });
});
