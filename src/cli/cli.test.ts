import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
import { buildModel, encodeModel, node, tensorInfo } from '../core/onnx/builder';
import { readNpy, writeNpy } from '../core/formats/npy';
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

  it('writes input gradients with vjp, adds them over outputs, and names ops without a gradient rule', async () => {
    const model = buildModel({
      name: 'relu-sum',
      inputs: [tensorInfo('image', ['batch', 3, 2, 2])],
      outputs: [tensorInfo('r', ['batch', 3, 2, 2])],
      nodes: [
        node('Relu', ['image'], ['r']),
        node('Add', ['r', 'image'], ['s']),
        node('Floor', ['s'], ['f'], {}, 'rounding'),
      ],
    });
    const path = join(dir, 'relu-sum.onnx');
    writeFileSync(path, encodeModel(model));
    const x = Float32Array.from({ length: 12 }, (_, i) => (i % 3) - 1.2);
    const c = Float32Array.from({ length: 12 }, (_, i) => i + 1);
    writeFileSync(join(dir, 'x.npy'), writeNpy({ shape: [1, 3, 2, 2], data: x }));
    writeFileSync(join(dir, 'c.npy'), writeNpy({ shape: [1, 3, 2, 2], data: c }));
    const grad = async (...terms: string[]) => {
      const out = join(dir, 'g.npy');
      const r = await cli('vjp', '--model', path, '--input', join(dir, 'x.npy'), ...terms, '--out', out);
      return { ...r, g: r.code === 0 ? Array.from(readNpy(readFileSync(out)).data as Float32Array) : [] };
    };
    const cot = ['--cotangent', join(dir, 'c.npy')];
    // d(Σ relu(x)·c)/dx = c where x > 0; for s = relu(x) + x it is c·(1 + [x > 0]).
    expect((await grad('--output', 'r', ...cot)).g).toEqual(Array.from(c, (v, i) => (x[i] > 0 ? v : 0)));
    expect((await grad('--output', 's', ...cot)).g).toEqual(Array.from(c, (v, i) => (x[i] > 0 ? 2 * v : v)));
    expect((await grad('--output', 'r', ...cot, '--output', 's', ...cot)).g).toEqual(
      Array.from(c, (v, i) => (x[i] > 0 ? 3 * v : v)),
    );
    const floor = await grad('--output', 'f', ...cot);
    expect(floor.code).toBe(1);
    expect(floor.stderr).toMatch(/relu-sum\.onnx: no gradient rule for op Floor \(node "rounding"\)/);
    writeFileSync(join(dir, 'c2.npy'), writeNpy({ shape: [2, 6], data: c }));
    const wrong = await grad('--output', 'r', '--cotangent', join(dir, 'c2.npy'));
    expect(wrong.stderr).toMatch(/c2\.npy: shape \(2, 6\) does not match output "r" \(1, 3, 2, 2\)/);
    expect((await grad('--output', 'r')).stderr).toMatch(/one --cotangent per --output/);
  });
});
