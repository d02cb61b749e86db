/**
 * Accuracy of predicted responses, per unit: Pearson r and R² on the test images, accuracy as a percentage of
 * the noise ceiling (100·r²/NC with NC as a fraction, r < 0 counted as 0 and the score capped at 100, as
 * Algonauts 2023 scores it), medians per ROI label,
 * and the best layer per unit when layers are fitted separately. Responses are image-major (images × units).
 */
import { columnCorrelations } from '../numerics/correlation';
import { median } from '../stats';
import type { RoiSet } from '../bundle/types';

export interface UnitScores {
  r: Float32Array;
  r2: Float32Array;
  /** 100·max(r, 0)²/(NC/100) capped at 100 (NC in percent), NaN where the noise ceiling is 0. */
  ncNormalized: Float32Array;
}

export function scoreUnits(
  predicted: Float32Array,
  actual: Float32Array,
  images: number,
  noiseCeiling: Float32Array,
): UnitScores {
  const units = noiseCeiling.length;
  const r = Float32Array.from(columnCorrelations(predicted, actual, images, units));
  // R² = 1 − SSE / total sum of squares of the actual responses about their mean.
  const mean = new Float64Array(units);
  for (let i = 0; i < images; i++) for (let u = 0; u < units; u++) mean[u] += actual[i * units + u] / images;
  const sse = new Float64Array(units);
  const sst = new Float64Array(units);
  for (let i = 0; i < images; i++)
    for (let u = 0; u < units; u++) {
      const a = actual[i * units + u];
      sse[u] += (a - predicted[i * units + u]) ** 2;
      sst[u] += (a - mean[u]) ** 2;
    }
  const r2 = Float32Array.from(sst, (t, u) => (t > 0 ? 1 - sse[u] / t : 0));
  const ncNormalized = Float32Array.from(noiseCeiling, (nc, u) =>
    nc > 0 ? Math.min(100, (1e4 * Math.max(r[u], 0) ** 2) / nc) : NaN,
  );
  return { r, r2, ncNormalized };
}

export interface RoiSummary {
  set: string;
  label: string;
  units: number;
  medianR: number;
  medianNcNormalized: number;
}

/** Median r and NC-normalised accuracy per labelled ROI of every ROI set, and over all units ('all'). */
export function roiSummaries(scores: UnitScores, rois: RoiSet[]): RoiSummary[] {
  const summary = (set: string, label: string, members: number[]): RoiSummary => ({
    set,
    label,
    units: members.length,
    medianR: median(members.map((u) => scores.r[u])),
    medianNcNormalized: median(members.map((u) => scores.ncNormalized[u]).filter((v) => !Number.isNaN(v))),
  });
  const out = [summary('all', 'all', Array.from(scores.r.keys()))];
  for (const roi of rois) {
    roi.labelNames.forEach((label, k) => {
      const members = Array.from(roi.labels.keys()).filter((u) => roi.labels[u] === k + 1);
      if (members.length) out.push(summary(roi.name, label, members));
    });
  }
  return out;
}

/** Counts of r in equal bins over [-1, 1]. */
export function histogram(values: Float32Array, bins = 40): Uint32Array {
  const counts = new Uint32Array(bins);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(((v + 1) / 2) * bins)))]++;
  return counts;
}

/** Index of the layer with the highest r per unit (layers fitted separately), and that r. */
export function bestLayer(perLayerR: Float32Array[]): { layer: Uint8Array; r: Float32Array } {
  const units = perLayerR[0]?.length ?? 0;
  const layer = new Uint8Array(units);
  const r = new Float32Array(units).fill(-Infinity);
  perLayerR.forEach((rs, l) =>
    rs.forEach((v, u) => {
      if (v > r[u]) {
        r[u] = v;
        layer[u] = l;
      }
    }),
  );
  return { layer, r };
}
