import { beforeAll, describe, expect, it } from 'vitest';
import type { SubjectBundle } from '../bundle/types';
import { silentContext } from '../jobs/progress';
import { FEATURE_GRID } from './features';
import { noiseCeiling, VISUAL_FIELD_DEG } from './responses';
import { isEarlyVisual, ROI_NAMES, roiLabel, type RoiName } from './rois';
import { generateDemoSubject, generateDemoTruth, type DemoOptions, type DemoTruth } from './subject';
import { correlation, mean } from '../stats';
import { column } from './testing';

describe('noiseCeiling', () => {
  it('follows NSD: 100 · ncsnr² / (ncsnr² + 1/n)', () => {
    expect(noiseCeiling(1, 3)).toBeCloseTo(75, 10);
    expect(noiseCeiling(1, 1)).toBeCloseTo(50, 10);
    expect(noiseCeiling(0, 3)).toBe(0);
    expect(noiseCeiling(0.5, 3)).toBeCloseTo((100 * 0.25) / (0.25 + 1 / 3), 10);
    expect(noiseCeiling(0.8, 3)).toBeGreaterThan(noiseCeiling(0.8, 1));
  });
});

describe('demo responses', () => {
  // Many test images, so the empirical ceilings are precise; small images keep it quick.
  const options: DemoOptions = { seed: 11, imageCount: 420, testCount: 300, imageSize: 48 };
  let measured: SubjectBundle;
  let truth: DemoTruth;
  beforeAll(async () => {
    measured = await generateDemoSubject(options, silentContext);
    truth = await generateDemoTruth(options, silentContext);
  });
  const units = () => measured.units.count;
  const labels = () => measured.rois[0].labels;
  const unitsOf = (label: number, step = 1) =>
    [...labels().keys()].filter((u) => labels()[u] === label && u % step === 0);
  const trueTest = (u: number) => column(truth.bundle.test.responses, units(), u);
  const measuredTest = (u: number) => column(measured.test.responses, units(), u);

  it('has true responses with the stated signal SD over all images, and noise of the stated SD', () => {
    const n = options.imageCount;
    let noiseRatio = 0;
    const sample = [...Array(units()).keys()].filter((u) => u % 53 === 0);
    for (const u of sample) {
      const all = [
        ...column(truth.bundle.test.responses, units(), u),
        ...column(truth.bundle.train.responses, units(), u),
      ];
      const m = mean(all);
      const sd = Math.sqrt(all.reduce((s, x) => s + (x - m) ** 2, 0) / n);
      expect(Math.abs(m)).toBeLessThan(1e-4);
      expect(sd / truth.model.sdSignal[u]).toBeCloseTo(1, 3);
      // Test responses average 3 trials: noise SD = sdNoise / √3.
      const signal = trueTest(u);
      const noise = measuredTest(u).map((x, i) => x - signal[i]);
      noiseRatio += Math.sqrt(mean(noise.map((x) => x * x))) / (truth.model.sdNoise[u] / Math.sqrt(3));
      expect(truth.model.sdSignal[u] ** 2 + truth.model.sdNoise[u] ** 2).toBeCloseTo(1, 6);
    }
    expect(noiseRatio / sample.length).toBeCloseTo(1, 1);
  });

  it('matches the stated noise ceiling with the squared correlation of true and measured test responses', () => {
    const groups: RoiName[][] = [['V1v', 'V1d'], ['V2v', 'V2d', 'V3v', 'V3d'], ['LO'], ['FFA'], ['PPA']];
    for (const group of [...groups.map((names) => names.map(roiLabel)), [0]]) {
      const members = group.flatMap((label) => unitsOf(label, label === 0 ? 5 : 1));
      const empirical = mean(members.map((u) => 100 * correlation(trueTest(u), measuredTest(u)) ** 2));
      const stated = mean(members.map((u) => measured.noiseCeiling[u]));
      expect(Math.abs(empirical - stated), `labels ${group}: ${empirical} vs ${stated}`).toBeLessThan(3);
    }
  });

  it('drives FFA by faces, PPA by scenes and LO by objects', () => {
    const testLatents = truth.latents.slice(0, options.testCount);
    const cases = [
      ['FFA', testLatents.map((l) => l.faceSize)],
      ['PPA', testLatents.map((l) => l.sceneness)],
      ['LO', testLatents.map((l) => l.objectArea)],
    ] as const;
    for (const [name, feature] of cases) {
      const members = unitsOf(roiLabel(name));
      expect(mean(members.map((u) => correlation(trueTest(u), feature))), name).toBeGreaterThan(0.9);
      expect(mean(members.map((u) => correlation(measuredTest(u), feature))), name).toBeGreaterThan(0.6);
    }
    // Category tuning is specific: FFA does not follow scenes, PPA does not follow faces.
    const faces = testLatents.map((l) => l.faceSize);
    expect(Math.abs(mean(unitsOf(roiLabel('PPA')).map((u) => correlation(trueTest(u), faces))))).toBeLessThan(
      0.3,
    );
  });

  it('gives units outside the ROIs little signal', () => {
    const outside = unitsOf(0);
    const ceilings = outside.map((u) => measured.noiseCeiling[u]);
    expect(Math.max(...ceilings)).toBeLessThan(20);
    expect(mean(ceilings)).toBeLessThan(8);
    const inside = [...labels().keys()].filter((u) => labels()[u] > 0).map((u) => measured.noiseCeiling[u]);
    expect(Math.min(...inside)).toBeGreaterThan(40);
    const sample = outside.filter((_, i) => i % 40 === 0);
    expect(mean(sample.map((u) => correlation(trueTest(u), measuredTest(u)) ** 2))).toBeLessThan(0.1);
  });

  it('drives early visual units by contrast inside their receptive field, in the contralateral field', () => {
    const { rf } = truth.model;
    const lh = unitsOf(roiLabel('V1v')).filter((u) => measured.units.hemisphere![u] === 0);
    const rh = unitsOf(roiLabel('V1v')).filter((u) => measured.units.hemisphere![u] === 1);
    // lh maps the right visual field and rh the left; ventral V1 maps the upper field (image top).
    expect(lh.every((u) => rf.x[u] >= 0.5)).toBe(true);
    expect(rh.every((u) => rf.x[u] <= 0.5)).toBe(true);
    expect(lh.every((u) => rf.y[u] <= 0.5)).toBe(true);
    expect(lh.every((u) => rf.size[u] > 0 && rf.size[u] < 4 / VISUAL_FIELD_DEG)).toBe(true);
    expect(unitsOf(0).every((u) => Number.isNaN(rf.x[u]) && !isEarlyVisual(labels()[u]))).toBe(true);

    // The response follows luminance contrast energy at the RF centre much more than at the mirrored location.
    const size = options.imageSize;
    const stimuli = measured.stimuli.images;
    const localContrast = (image: number, x: number, y: number) => {
      const half = Math.max(2, Math.round(size / FEATURE_GRID));
      const [cx, cy] = [Math.round(x * size), Math.round(y * size)];
      let energy = 0;
      for (let py = Math.max(0, cy - half); py < Math.min(size - 1, cy + half); py++) {
        for (let px = Math.max(0, cx - half); px < Math.min(size - 1, cx + half); px++) {
          const lum = (qx: number, qy: number) => {
            const p = (image * size * size + qy * size + qx) * 3;
            return 0.299 * stimuli[p] + 0.587 * stimuli[p + 1] + 0.114 * stimuli[p + 2];
          };
          energy += (lum(px + 1, py) - lum(px, py)) ** 2 + (lum(px, py + 1) - lum(px, py)) ** 2;
        }
      }
      return Math.sqrt(energy);
    };
    const small = lh.filter((u) => rf.size[u] < 0.1 && Math.abs(rf.x[u] - 0.5) > 0.15).slice(0, 30);
    expect(small.length).toBeGreaterThan(10);
    const at = (u: number, x: number, y: number) =>
      correlation(
        trueTest(u),
        Array.from({ length: options.testCount }, (_, i) => localContrast(i, x, y)),
      );
    const own = mean(small.map((u) => at(u, rf.x[u], rf.y[u])));
    const mirrored = mean(small.map((u) => at(u, 1 - rf.x[u], 1 - rf.y[u])));
    expect(own).toBeGreaterThan(0.5);
    expect(own).toBeGreaterThan(mirrored + 0.25);
  });

  it('labels units with the ROI names in order', () => {
    expect(measured.rois[0].labelNames).toEqual([...ROI_NAMES]);
  });
});
