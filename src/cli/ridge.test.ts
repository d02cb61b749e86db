import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy, writeNpy } from '../core/formats/npy';
import { fitRidge, predictRidge } from '../core/numerics/ridge';
import { createRng } from '../core/random';

const run = promisify(execFile);
const bin = new URL('./boldstudio.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cli-ridge-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'ridge', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Train/test features and targets with target-dependent signal, written as .npy files. */
function writeInputs(n: number, nTest: number, d: number, v: number) {
  const rng = createRng(11);
  const x = Float32Array.from({ length: (n + nTest) * d }, () => rng.normal());
  const w = Float64Array.from({ length: d * v }, () => rng.normal());
  const y = new Float32Array((n + nTest) * v);
  for (let i = 0; i < n + nTest; i++) {
    for (let t = 0; t < v; t++) {
      let s = 5 + 3 * rng.normal();
      for (let f = 0; f < d; f++) s += (t / v) * x[i * d + f] * w[f * v + t];
      y[i * v + t] = s;
    }
  }
  const paths = { trainX: join(dir, 'Xtr.npy'), trainY: join(dir, 'Ytr.npy'), testX: join(dir, 'Xte.npy') };
  writeFileSync(paths.trainX, writeNpy({ shape: [n, d], data: x.subarray(0, n * d) }));
  writeFileSync(paths.trainY, writeNpy({ shape: [n, v], data: y.subarray(0, n * v) }));
  writeFileSync(paths.testX, writeNpy({ shape: [nTest, d], data: x.subarray(n * d) }));
  return { paths, x: x.subarray(0, n * d), y: y.subarray(0, n * v), xTest: x.subarray(n * d) };
}

const n = 300;
const nTest = 40;
const d = 24;
const v = 7;
const inputs = writeInputs(n, nTest, d, v);
const args = (out: string) => [
  '--train-x',
  inputs.paths.trainX,
  '--train-y',
  inputs.paths.trainY,
  '--test-x',
  inputs.paths.testX,
  '--out',
  join(dir, out),
];

function readFloats(path: string): { shape: number[]; data: Float64Array } {
  const { shape, data } = readNpy(readFileSync(path));
  return { shape, data: Float64Array.from(data as ArrayLike<number>) };
}

describe('boldstudio ridge', () => {
  it('writes test predictions and each target’s α, matching the core fit', async () => {
    const alphas = [1, 10, 100, 1000, 10000];
    const { code, stdout } = await cli(...args('gcv'), '--alphas', alphas.join(','));
    expect(code).toBe(0);
    expect(stdout).toMatch(/wrote .*pred\.npy \(40 × 7\)/);
    expect(stdout).toMatch(/α by GCV over 5 values/);
    const pred = readFloats(join(dir, 'gcv', 'pred.npy'));
    const alpha = readFloats(join(dir, 'gcv', 'alpha.npy'));
    expect(pred.shape).toEqual([nTest, v]);
    expect(alpha.shape).toEqual([v]);

    const fit = await fitRidge({ x: inputs.x, y: inputs.y, n, d, v }, { alphas });
    expect(Array.from(alpha.data)).toEqual(Array.from(fit.alpha));
    // Weak signals get more regularisation than strong ones.
    expect(alpha.data[0]).toBeGreaterThan(alpha.data[v - 1]);
    const want = await predictRidge(fit, inputs.xTest, nTest);
    const scale = Math.max(...want.map(Math.abs));
    for (let i = 0; i < want.length; i++) expect(Math.abs(pred.data[i] - want[i]) / scale).toBeLessThan(1e-4);
  });

  it('chooses α by K-fold with --folds, and fits without an intercept on request', async () => {
    const kfold = await cli(...args('kfold'), '--folds', '3', '--threads', '1');
    expect(kfold.code).toBe(0);
    expect(kfold.stdout).toMatch(/α by 3-fold CV over 10 values/);
    const fit = await fitRidge({ x: inputs.x, y: inputs.y, n, d, v }, { cv: 'kfold', folds: 3 });
    expect(Array.from(readFloats(join(dir, 'kfold', 'alpha.npy')).data)).toEqual(Array.from(fit.alpha));

    const plain = await cli(...args('plain'), '--no-intercept', '--alphas', '10');
    expect(plain.code).toBe(0);
    // The targets' mean of 5 is not fitted, so predictions fall well short of it.
    const pred = readFloats(join(dir, 'plain', 'pred.npy')).data;
    expect(pred.reduce((s, p) => s + p, 0) / pred.length).toBeLessThan(2.5);
  });

  it('takes a 1-D target and writes 1-D predictions', async () => {
    const y1 = Float32Array.from({ length: n }, (_, i) => inputs.y[i * v + v - 1]);
    const path = join(dir, 'y1.npy');
    writeFileSync(path, writeNpy({ shape: [n], data: y1 }));
    const a = args('one');
    a[3] = path;
    const { code } = await cli(...a);
    expect(code).toBe(0);
    expect(readFloats(join(dir, 'one', 'pred.npy')).shape).toEqual([nTest]);
    expect(readFloats(join(dir, 'one', 'alpha.npy')).shape).toEqual([1]);
  });

  it('explains bad usage and mismatched inputs', async () => {
    const missing = await cli('--train-x', inputs.paths.trainX);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--train-y is required/);
    const bad = await cli(...args('bad'), '--alphas', '1,-2');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--alphas must be positive numbers separated by commas, got "1,-2"/);
    const both = await cli(...args('bad'), '--cv', 'gcv', '--folds', '5');
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--folds applies to --cv kfold only/);
    const swapped = args('bad');
    swapped[5] = inputs.paths.trainY; // test features with the wrong width
    const shapes = await cli(...swapped);
    expect(shapes.code).toBe(1);
    expect(shapes.stderr).toMatch(/--test-x has 7 features but --train-x has 24/);
  });
});
