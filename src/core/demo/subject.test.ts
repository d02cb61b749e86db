import { describe, expect, it } from 'vitest';
import { CancelledError, createJobContext, silentContext, type ProgressUpdate } from '../jobs/progress';
import { DEFAULT_DEMO, generateDemoSubject, generateDemoTruth, type DemoOptions } from './index';

/** Deep equality with typed arrays compared byte for byte (bitwise; much faster than toEqual on big arrays). */
function bitwiseEqual(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Object.is(a, b);
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) =>
    bitwiseEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

const SMALL: DemoOptions = { seed: 4, imageCount: 60, testCount: 12, imageSize: 32, meshSubdivisions: 4 };

describe('generateDemoSubject', () => {
  it('defaults to seed 1, 480 images of which 80 test, 96 px, fsaverage5-sized hemispheres', async () => {
    expect(DEFAULT_DEMO).toMatchObject({
      seed: 1,
      imageCount: 480,
      testCount: 80,
      imageSize: 96,
      meshSubdivisions: 5,
    });
    const bundle = await generateDemoSubject(DEFAULT_DEMO, silentContext);
    expect(bundle.units.count).toBe(2 * 10242);
    expect(bundle.train.responses.length).toBe(400 * 2 * 10242);
    expect(bundle.test.responses.length).toBe(80 * 2 * 10242);
    expect(bundle.stimuli.images.length).toBe(480 * 96 * 96 * 3);
  });

  it('produces a consistent SubjectBundle', async () => {
    const b = await generateDemoSubject(SMALL, silentContext);
    const v = 10 * 4 ** 4 + 2;
    const n = SMALL.imageCount;
    expect(b.subject).toBe('demo01');
    expect(b.space).toBe('demo');
    expect(b.units.count).toBe(2 * v);
    expect(Array.from(b.units.index)).toEqual([...Array(2 * v).keys()].map((u) => u % v));
    expect(Array.from(b.units.hemisphere!)).toEqual([...Array(2 * v).keys()].map((u) => (u < v ? 0 : 1)));
    expect(b.noiseCeiling.length).toBe(2 * v);
    expect(b.noiseCeiling.every((c) => c >= 0 && c <= 100)).toBe(true);

    expect(Array.from(b.test.nsdIds)).toEqual([...Array(SMALL.testCount).keys()]);
    expect(Array.from(b.train.nsdIds)).toEqual(
      [...Array(n - SMALL.testCount).keys()].map((i) => i + SMALL.testCount),
    );
    expect(Array.from(b.stimuli.nsdIds)).toEqual([...Array(n).keys()]);
    expect(b.test.repetitions.every((r) => r === 3)).toBe(true);
    expect(b.train.repetitions.every((r) => r === 2)).toBe(true);
    expect(b.train.repetitions.length).toBe(n - SMALL.testCount);
    expect(b.train.responses.length).toBe((n - SMALL.testCount) * b.units.count);
    expect(b.test.responses.length).toBe(SMALL.testCount * b.units.count);
    for (const r of [b.train.responses, b.test.responses]) expect(r.every(Number.isFinite)).toBe(true);
    // z-score-like: a single trial has unit variance, so averages of 2 or 3 trials have SD below 1.
    const sd = Math.sqrt(b.train.responses.reduce((s, x) => s + x * x, 0) / b.train.responses.length);
    expect(sd).toBeGreaterThan(0.6);
    expect(sd).toBeLessThan(0.9);

    expect(b.stimuli.size).toBe(32);
    expect(b.stimuli.images).toBeInstanceOf(Uint8Array);
    expect(b.stimuli.images.length).toBe(n * 32 * 32 * 3);

    expect(b.rois.map((r) => r.name)).toEqual(['visual']);
    expect(b.rois[0].labels.length).toBe(2 * v);
    expect(Math.max(...b.rois[0].labels)).toBe(b.rois[0].labelNames.length);
    expect(b.rois[0].labels.subarray(0, v)).toEqual(b.rois[0].labels.subarray(v));

    expect(b.hemispheres!.map((h) => h.name)).toEqual(['lh', 'rh']);
    for (const h of b.hemispheres!) {
      expect(Object.keys(h.surfaces).sort()).toEqual(['inflated', 'pial', 'sphere']);
      for (const s of Object.values(h.surfaces)) {
        expect(s.positions.length).toBe(3 * v);
        expect(s.faces).toBe(h.surfaces.pial.faces);
      }
      expect(h.sulc.length).toBe(v);
    }

    expect(b.provenance.source).toBe('demo');
    expect(b.provenance.appVersion).toBe('0.1.0');
    expect(b.provenance.details.seed).toBe(4);
    expect(new Date(b.provenance.created).getUTCFullYear()).toBe(2024);
  });

  it('is bitwise deterministic in the seed', async () => {
    const a = await generateDemoSubject(SMALL, silentContext);
    const b = await generateDemoSubject({ ...SMALL }, silentContext);
    expect(bitwiseEqual(b, a)).toBe(true);
    const c = await generateDemoSubject({ ...SMALL, seed: 5 }, silentContext);
    expect(bitwiseEqual(c.train.responses, a.train.responses)).toBe(false);
    expect(bitwiseEqual(c.stimuli.images, a.stimuli.images)).toBe(false);
    expect(
      bitwiseEqual(c.hemispheres![0].surfaces.pial.positions, a.hemispheres![0].surfaces.pial.positions),
    ).toBe(false);
    expect(c.provenance.created).not.toBe(a.provenance.created);
    // The checker itself notices a single flipped bit.
    const flipped = Float32Array.from(a.test.responses);
    flipped[7] = -flipped[7];
    expect(bitwiseEqual(flipped, a.test.responses)).toBe(false);
  });

  it('differs from its noise-free truth only by measurement noise', async () => {
    const measured = await generateDemoSubject(SMALL, silentContext);
    const { bundle: truth, latents, model } = await generateDemoTruth(SMALL, silentContext);
    expect(bitwiseEqual(truth.stimuli.images, measured.stimuli.images)).toBe(true);
    expect(bitwiseEqual(truth.noiseCeiling, measured.noiseCeiling)).toBe(true);
    expect(bitwiseEqual(truth.hemispheres, measured.hemispheres)).toBe(true);
    expect(bitwiseEqual(truth.test.responses, measured.test.responses)).toBe(false);
    expect(latents.length).toBe(SMALL.imageCount);
    expect(model.count).toBe(measured.units.count);
  });

  it('reports increasing progress often and ends at 1', async () => {
    const updates: ProgressUpdate[] = [];
    await generateDemoSubject(SMALL, createJobContext({ onProgress: (u) => updates.push(u) }));
    expect(updates.length).toBeGreaterThan(2 * SMALL.imageCount);
    for (let i = 1; i < updates.length; i++)
      expect(updates[i].fraction).toBeGreaterThanOrEqual(updates[i - 1].fraction);
    expect(updates[0].fraction).toBeLessThan(0.05);
    expect(updates.at(-1)!.fraction).toBe(1);
    expect(updates.every((u) => u.message.length > 0)).toBe(true);
  });

  it('stops with CancelledError when cancelled, at once or midway', async () => {
    await expect(
      generateDemoSubject(SMALL, createJobContext({ isCancelled: () => true })),
    ).rejects.toBeInstanceOf(CancelledError);
    let calls = 0;
    const midway = createJobContext({ isCancelled: () => ++calls > 100 });
    await expect(generateDemoSubject(SMALL, midway)).rejects.toBeInstanceOf(CancelledError);
    expect(calls).toBe(101);
  });

  it('rejects invalid options', async () => {
    const bad: Partial<DemoOptions>[] = [
      { testCount: 0 },
      { testCount: 60 },
      { imageCount: 10.5 },
      { imageSize: 8 },
      { seed: 0.5 },
      { testRepetitions: 0 },
      { meshSubdivisions: 9 },
    ];
    for (const change of bad) {
      await expect(
        generateDemoSubject({ ...SMALL, ...change }, silentContext),
        JSON.stringify(change),
      ).rejects.toThrow(RangeError);
    }
  });
});
