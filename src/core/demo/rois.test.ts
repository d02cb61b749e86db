import { beforeAll, describe, expect, it } from 'vitest';
import { silentContext } from '../jobs/progress';
import { components, vertexAdjacency } from './geometry';
import { buildLeftHemisphere, type HemisphereGeometry } from './mesh';
import { buildRoiMap, isEarlyVisual, ROI_NAMES, roiLabel, type RoiMap, type RoiName } from './rois';
import { correlation } from '../stats';

describe('demo ROIs', () => {
  let lh: HemisphereGeometry;
  let roi: RoiMap;
  beforeAll(async () => {
    lh = await buildLeftHemisphere(1, 5, silentContext);
    roi = await buildRoiMap(lh, silentContext);
  });
  const members = (name: RoiName) => [...roi.labels.keys()].filter((v) => roi.labels[v] === roiLabel(name));
  const mean = (vs: number[], axis: number) =>
    vs.reduce((s, v) => s + lh.inflated[3 * v + axis], 0) / vs.length;

  it('labels every ROI as one contiguous patch of a reasonable size', () => {
    const adjacency = vertexAdjacency(lh.faces, lh.sulc.length);
    for (const name of ROI_NAMES) {
      const patch = components(adjacency, (v) => roi.labels[v] === roiLabel(name));
      expect(new Set(patch.filter((id) => id >= 0)).size, name).toBe(1);
      expect(members(name).length, name).toBeGreaterThan(40);
    }
    const labelled = roi.labels.filter((l) => l > 0).length;
    expect(labelled / roi.labels.length).toBeLessThan(0.25);
  });

  it('puts V1–V3 around the occipital pole, V1 between the dorsal and ventral arms', () => {
    let minY = Infinity;
    for (let v = 0; v < roi.labels.length; v++) minY = Math.min(minY, lh.inflated[3 * v + 1]);
    for (const name of ROI_NAMES.filter((n) => n.startsWith('V'))) {
      for (const v of members(name)) expect(lh.inflated[3 * v + 1]).toBeLessThan(minY + 60);
    }
    expect(mean(members('V1v'), 1)).toBeLessThan(minY + 35);
    // Dorsal areas lie above their ventral partners, V1 in between.
    expect(mean(members('V3d'), 2)).toBeGreaterThan(mean(members('V1d'), 2));
    expect(mean(members('V1d'), 2)).toBeGreaterThan(mean(members('V1v'), 2));
    expect(mean(members('V1v'), 2)).toBeGreaterThan(mean(members('V3v'), 2));
  });

  it('places LO laterally, FFA ventrally and lateral to PPA', () => {
    let [zMin, zMax] = [Infinity, -Infinity];
    for (let v = 0; v < roi.labels.length; v++)
      [zMin, zMax] = [Math.min(zMin, lh.inflated[3 * v + 2]), Math.max(zMax, lh.inflated[3 * v + 2])];
    expect(mean(members('LO'), 0)).toBeLessThan(-50);
    for (const name of ['FFA', 'PPA'] as const)
      expect(mean(members(name), 2)).toBeLessThan(zMin + 0.25 * (zMax - zMin));
    expect(mean(members('FFA'), 0)).toBeLessThan(mean(members('PPA'), 0));
    expect(mean(members('FFA'), 1)).toBeGreaterThan(mean(members('V1v'), 1));
  });

  it('maps the visual field smoothly: eccentricity out from the pole, lower field dorsally', () => {
    const { eccentricity, polarAngle, sigma } = roi.retinotopy;
    for (let v = 0; v < roi.labels.length; v++) {
      const early = isEarlyVisual(roi.labels[v]);
      expect(Number.isFinite(eccentricity[v]), `vertex ${v}`).toBe(early);
      if (!early) continue;
      expect(eccentricity[v]).toBeGreaterThan(0);
      expect(eccentricity[v]).toBeLessThanOrEqual(6.0001);
      expect(Math.abs(polarAngle[v])).toBeLessThanOrEqual(90);
      expect(sigma[v]).toBeGreaterThan(0.2);
      const name = ROI_NAMES[roi.labels[v] - 1];
      expect(polarAngle[v] * (name.endsWith('d') ? -1 : 1)).toBeGreaterThanOrEqual(0);
    }
    // Eccentricity grows with distance from the occipital pole.
    let pole = 0;
    for (let v = 0; v < roi.labels.length; v++)
      if (lh.inflated[3 * v + 1] < lh.inflated[3 * pole + 1]) pole = v;
    const early = [...roi.labels.keys()].filter((v) => isEarlyVisual(roi.labels[v]));
    const distance = early.map((v) =>
      Math.hypot(...[0, 1, 2].map((k) => lh.inflated[3 * v + k] - lh.inflated[3 * pole + k])),
    );
    const logEcc = early.map((v) => Math.log(eccentricity[v]));
    expect(correlation(distance, logEcc)).toBeGreaterThan(0.9);
    // Neighbouring vertices have similar eccentricities (away from the pole the map is smooth).
    const adjacency = vertexAdjacency(lh.faces, lh.sulc.length);
    const steps: number[] = [];
    for (const v of members('V1v').concat(members('V1d'))) {
      for (let j = adjacency.offsets[v]; j < adjacency.offsets[v + 1]; j++) {
        const w = adjacency.neighbours[j];
        if (isEarlyVisual(roi.labels[w]))
          steps.push(Math.abs(eccentricity[v] - eccentricity[w]) / eccentricity[v]);
      }
    }
    steps.sort((a, b) => a - b);
    expect(steps[Math.floor(steps.length / 2)]).toBeLessThan(0.15);
    // Polar angle reverses at area borders: |angle| is large at the V1/V2 border, small at V2/V3.
    const meanAbsAngle = (name: RoiName) =>
      members(name).reduce((s, v) => s + Math.abs(polarAngle[v]), 0) / members(name).length;
    expect(meanAbsAngle('V1v')).toBeGreaterThan(30);
    expect(meanAbsAngle('V1v')).toBeLessThan(60);
    // pRFs grow with eccentricity and from V1 to V3.
    const sizeAt = (name: RoiName) =>
      members(name).reduce((s, v) => s + sigma[v] / (0.5 + eccentricity[v]), 0) / members(name).length;
    expect(sizeAt('V3v')).toBeGreaterThan(sizeAt('V1v'));
  });
});
