/**
 * `boldstudio dream` end to end on the demo subject with the built-in MobileNetV2 backbone: a dream for the
 * face-selective ROI drives the encoder's predicted FFA response above every natural test image's and above
 * what it gives in control ROIs, and the same seed writes the same PNG bytes.
 *
 * Costs (measured, Node wasm, one thread): the demo fit 30–50 s; building the VJP graph and the first step
 * ≈ 2–3 s; one dream step 0.15–0.22 s at size 112 (upsampled onto the 224-px input in JS; the VJP run
 * dominates) and ≈ 0.8 s at 224 (the explicit Fourier basis then costs ≈ 0.5 s a step); the whole file ≈ 65 s.
 * The main run below (seed 1, 96 steps) measured: dream FFA 6.65, PPA 0.29, V1v 0.95; the best natural test
 * image's FFA 1.29.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../core/formats/png';

const run = promisify(execFile);
const bin = new URL('./boldstudio.mjs', import.meta.url).pathname;
const model = new URL('../../public/models/mobilenet-v2-nsfwjs.onnx', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cli-dream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  run(process.execPath, [bin, ...args], { maxBuffer: 2 ** 24 }).catch((error) => {
    throw new Error(`boldstudio ${args.join(' ')} failed:\n${error.stderr}`);
  });

interface Report {
  settings: { steps: number; size: number; seed: number };
  trace: { step: number; objective: number }[];
  dream: { response: number; rois: Record<string, number> };
  natural: { images: { nsdId: number; response: number }[]; best: { nsdId: number; response: number } };
  seconds: { setupAndFirstStep: number; perStep: number };
}

describe('boldstudio dream on the demo subject', () => {
  const bundle = join(dir, 'demo01.h5');
  const encoder = join(dir, 'encoder.h5');
  const dream = (seed: number, steps: number, name: string, ...extra: string[]) =>
    cli(
      'dream',
      '--encoder',
      encoder,
      '--roi',
      'FFA',
      '--steps',
      String(steps),
      '--size',
      '112',
      '--seed',
      String(seed),
      '--out',
      join(dir, `${name}.png`),
      '--report',
      join(dir, `${name}.json`),
      ...extra,
    );

  beforeAll(async () => {
    if (!existsSync(model))
      throw new Error(`${model} is missing: run npm install (it builds the demo backbone)`);
    await cli('demo', '--out', dir);
    await cli(
      'fit',
      '--bundle',
      bundle,
      '--model',
      model,
      '--layers',
      'block_5_add,out_relu',
      '--out',
      encoder,
    );
  }, 180_000);

  it('drives FFA above the best natural test image and above control ROIs', async () => {
    const { stdout } = await dream(1, 96, 'ffa', '--bundle', bundle);
    expect(stdout).toMatch(/predicted mean FFA response \d+\.\d{3} after 96 steps/);
    const report = JSON.parse(readFileSync(join(dir, 'ffa.json'), 'utf8')) as Report;
    const { dream: d, natural, trace } = report;
    expect(natural.images.length).toBe(80);
    expect(natural.best.response).toBe(Math.max(...natural.images.map((i) => i.response)));
    expect(d.response).toBeGreaterThan(natural.best.response);
    expect(d.response).toBeGreaterThan(d.rois.PPA);
    expect(d.response).toBeGreaterThan(d.rois.V1v);
    expect(trace.length).toBe(96);
    expect(trace.at(-1)!.objective).toBeGreaterThan(trace[0].objective);
    const png = await decodePng(readFileSync(join(dir, 'ffa.png')));
    expect([png.width, png.height]).toEqual([112, 112]);
  }, 120_000);

  it('writes the same PNG bytes for the same seed', async () => {
    await dream(5, 6, 'a');
    await dream(5, 6, 'b');
    await dream(6, 6, 'c');
    const [a, b, c] = ['a', 'b', 'c'].map((n) => readFileSync(join(dir, `${n}.png`)));
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(false);
  }, 60_000);

  it('lists the available ROIs for an unknown one', async () => {
    const failed = await run(process.execPath, [
      bin,
      'dream',
      '--encoder',
      encoder,
      '--roi',
      'EBA',
      '--out',
      join(dir, 'x.png'),
      '--report',
      join(dir, 'x.json'),
    ]).then(
      () => undefined,
      (error) => error as { code: number; stderr: string },
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(
      /has no ROI "EBA"; its ROIs are V1v, V1d, V2v, V2d, V3v, V3d, LO, FFA, PPA/,
    );
  });
});
