/**
 * The demo's response model (documented in docs/demo-subject.md). Each unit's noise-free response is a
 * linear function of image features chosen by its region, z-scored over all images and scaled to a
 * known signal SD; measurements add Gaussian noise of a known SD, averaged over repetitions.
 */
import { subContext, type JobContext } from '../jobs/progress';
import { createRng, deriveSeed } from '../random';
import {
  FEATURE_GRID,
  GLOBAL_FEATURES,
  featureIndex,
  type DemoFeatures,
  type GlobalFeature,
} from './features';
import { randomField } from './fields';
import { SPHERE_RADIUS } from './mesh';
import { ROI_NAMES, isEarlyVisual, type RoiMap, type RoiName } from './rois';

/** The images span this many degrees of visual angle (as in NSD). */
export const VISUAL_FIELD_DEG = 8.4;

/** Per-trial noise-ceiling SNR (ncsnr = sd_signal / sd_noise) at the heart of each region. */
const REGION_NCSNR: Record<RoiName, number> = {
  V1v: 0.9,
  V1d: 0.9,
  V2v: 0.85,
  V2d: 0.85,
  V3v: 0.8,
  V3d: 0.8,
  LO: 0.7,
  FFA: 0.8,
  PPA: 0.8,
};
/** ncsnr outside the ROIs: a smooth field around this mean, clamped to [0.02, 0.25]. */
const OTHER_NCSNR = 0.12;

/** Weights on the z-scored global features, per category region; `jitter` is a smooth per-unit field ~N(0, 1). */
const CATEGORY_TUNING: Partial<Record<RoiName, (jitter: number) => Partial<Record<GlobalFeature, number>>>> =
  {
    FFA: (j) => ({ faceSize: 1, facePresent: 0.5 + 0.2 * j }),
    PPA: (j) => ({ sceneness: 1, planeArea: 0.3 + 0.1 * j, objectArea: -0.3 }),
    LO: (j) => ({ objectArea: 1, objectCount: 0.5 + 0.2 * j, faceSize: 0.3 }),
  };
/** Outside the ROIs units load on these low-level features with smooth random weights. */
const OTHER_FEATURES: GlobalFeature[] = ['luminance', 'contrast'];

/** One hemisphere as the model sees it: sphere positions (for smooth fields), ROI map, visual field side. */
export interface ModelHemisphere {
  sphere: Float32Array;
  roi: RoiMap;
  /** +1 if the hemisphere maps the right visual field (lh), −1 for the left (rh). */
  fieldSide: 1 | -1;
}

/** Receptive fields of early visual units as sparse weights over the feature grid cells. */
export interface ReceptiveFields {
  /** Cells of unit u: cells[offsets[u] .. offsets[u + 1]) (empty outside V1–V3). */
  offsets: Int32Array;
  cells: Uint16Array;
  /** Gaussian weights, summing to 1 per unit. */
  weights: Float32Array;
  /** 0, 1, 2 for V1, V2, V3 (which sets the colour weight, RF_COLOUR_WEIGHT); 255 outside. */
  area: Uint8Array;
  /** Centre (fractions of the image side, x right, y down) and Gaussian SD (fraction of the side); NaN outside V1–V3. */
  x: Float32Array;
  y: Float32Array;
  size: Float32Array;
}

export interface UnitModel {
  count: number;
  /** Label in the 'visual' ROI set (0 = none). */
  region: Int32Array;
  ncsnr: Float32Array;
  /** SD over images of the noise-free response; sdSignal² + sdNoise² = 1 (a single trial has unit variance). */
  sdSignal: Float32Array;
  /** SD of the noise of a single trial. */
  sdNoise: Float32Array;
  /** count × GLOBAL_FEATURES.length weights on the z-scored global features. */
  weights: Float32Array;
  rf: ReceptiveFields;
}

/** NSD's noise ceiling (percent) for responses averaged over n trials. */
export function noiseCeiling(ncsnr: number, n: number): number {
  return (100 * ncsnr * ncsnr) / (ncsnr * ncsnr + 1 / n);
}

/** Early visual units respond to contrast energy + this weight × colour energy, for V1, V2, V3. */
const RF_COLOUR_WEIGHT = [0.5, 0.35, 0.2];
/** Receptive fields are Gaussians cut off at this many SDs (and renormalised over the cells inside the image). */
const RF_CUTOFF = 2.5;

/**
 * Append the Gaussian weights of a receptive field over the feature grid cells, sampled at cell
 * centres and normalised to sum 1; never empty (an RF whose disc misses the image reads the nearest cell).
 */
function appendCellWeights(x: number, y: number, size: number, cells: number[], weights: number[]) {
  const g = FEATURE_GRID;
  // Cell centres sit at (i + 0.5) / g; a floor of half a cell keeps tiny RFs from falling between centres.
  const cx = x * g - 0.5;
  const cy = y * g - 0.5;
  const s = Math.max(0.5, size * g);
  const reach = RF_CUTOFF * s;
  const start = weights.length;
  let total = 0;
  for (let j = Math.max(0, Math.ceil(cy - reach)); j <= Math.min(g - 1, Math.floor(cy + reach)); j++) {
    for (let i = Math.max(0, Math.ceil(cx - reach)); i <= Math.min(g - 1, Math.floor(cx + reach)); i++) {
      const d2 = (i - cx) ** 2 + (j - cy) ** 2;
      if (d2 > reach * reach) continue;
      const w = Math.exp(-d2 / (2 * s * s));
      cells.push(j * g + i);
      weights.push(w);
      total += w;
    }
  }
  if (weights.length === start) {
    const clamp = (c: number) => Math.min(g - 1, Math.max(0, Math.round(c)));
    cells.push(clamp(cy) * g + clamp(cx));
    weights.push(1);
    return;
  }
  for (let j = start; j < weights.length; j++) weights[j] /= total;
}

/** Per-unit tuning and noise for the units of the given hemispheres, in order. */
export async function buildUnitModel(
  hemispheres: ModelHemisphere[],
  seed: number,
  ctx: JobContext,
): Promise<UnitModel> {
  const count = hemispheres.reduce((n, h) => n + h.roi.labels.length, 0);
  const k = GLOBAL_FEATURES.length;
  const rng = createRng(seed);
  // Smooth fields on the unit sphere (wavelength ~ a quarter of the circumference), shared by both
  // hemispheres; at this scale 8 waves already look random.
  const jitter = randomField(rng, 1.5, 8);
  const ncsnrField = randomField(rng, 1.5, 8);
  const otherFields = OTHER_FEATURES.map(() => randomField(rng, 1.5, 8));
  const model: UnitModel = {
    count,
    region: new Int32Array(count),
    ncsnr: new Float32Array(count),
    sdSignal: new Float32Array(count),
    sdNoise: new Float32Array(count),
    weights: new Float32Array(count * k),
    rf: {
      offsets: new Int32Array(count + 1),
      cells: new Uint16Array(0),
      weights: new Float32Array(0),
      area: new Uint8Array(count).fill(255),
      x: new Float32Array(count).fill(NaN),
      y: new Float32Array(count).fill(NaN),
      size: new Float32Array(count).fill(NaN),
    },
  };
  const rfCells: number[] = [];
  const rfWeights: number[] = [];
  let u = 0;
  for (const h of hemispheres) {
    const { labels, retinotopy } = h.roi;
    for (let v = 0; v < labels.length; v++, u++) {
      const sx = h.sphere[3 * v] / SPHERE_RADIUS;
      const sy = h.sphere[3 * v + 1] / SPHERE_RADIUS;
      const sz = h.sphere[3 * v + 2] / SPHERE_RADIUS;
      const label = labels[v];
      model.region[u] = label;
      let ncsnr: number;
      if (label === 0) {
        ncsnr = Math.min(0.25, Math.max(0.02, OTHER_NCSNR * (1 + 0.5 * ncsnrField(sx, sy, sz))));
        OTHER_FEATURES.forEach(
          (f, i) => (model.weights[u * k + featureIndex(f)] = otherFields[i](sx, sy, sz)),
        );
      } else {
        const name = ROI_NAMES[label - 1];
        ncsnr = REGION_NCSNR[name] * (1 + 0.15 * Math.max(-2, Math.min(2, ncsnrField(sx, sy, sz))));
        const tuning = CATEGORY_TUNING[name]?.(jitter(sx, sy, sz)) ?? {};
        for (const [f, w] of Object.entries(tuning))
          model.weights[u * k + featureIndex(f as GlobalFeature)] = w;
      }
      if (isEarlyVisual(label)) {
        const ecc = retinotopy.eccentricity[v];
        const angle = (retinotopy.polarAngle[v] * Math.PI) / 180;
        const x = 0.5 + (h.fieldSide * ecc * Math.cos(angle)) / VISUAL_FIELD_DEG;
        const y = 0.5 - (ecc * Math.sin(angle)) / VISUAL_FIELD_DEG;
        const size = retinotopy.sigma[v] / VISUAL_FIELD_DEG;
        appendCellWeights(x, y, size, rfCells, rfWeights);
        model.rf.x[u] = x;
        model.rf.y[u] = y;
        model.rf.size[u] = size;
        model.rf.area[u] = (label - 1) >> 1;
      }
      model.rf.offsets[u + 1] = rfCells.length;
      model.ncsnr[u] = ncsnr;
      model.sdSignal[u] = ncsnr / Math.sqrt(1 + ncsnr * ncsnr);
      model.sdNoise[u] = 1 / Math.sqrt(1 + ncsnr * ncsnr);
      if (u % 2048 === 2047) await ctx.checkpoint(u / count, 'Tuning units');
    }
  }
  model.rf.cells = Uint16Array.from(rfCells);
  model.rf.weights = Float32Array.from(rfWeights);
  return model;
}

export interface TrialPlan {
  /** Images 0 .. testCount − 1 form the test split, the rest the training split. */
  testCount: number;
  trainRepetitions: number;
  testRepetitions: number;
  /** Seed of the measurement noise; undefined for noise-free (true) responses. */
  noiseSeed?: number;
}

/**
 * Receptive-field responses of the early visual units to every image, written into their columns of
 * `row(i)` (other units stay 0), with their mean and SD over images.
 */
async function receptiveFieldResponses(
  model: UnitModel,
  features: DemoFeatures,
  row: (i: number) => Float32Array,
  mean: Float64Array,
  sd: Float64Array,
  ctx: JobContext,
) {
  const cellCount = FEATURE_GRID * FEATURE_GRID;
  const { offsets, cells, weights, area } = model.rf;
  const units = Int32Array.from({ length: model.count }, (_, u) => u).filter(
    (u) => offsets[u + 1] > offsets[u],
  );
  const sum = new Float64Array(model.count);
  const sumSquares = new Float64Array(model.count);
  // One combined map per area (contrast + colour weight × colour): one lookup per RF cell.
  const maps = new Float32Array(RF_COLOUR_WEIGHT.length * cellCount);
  for (let i = 0; i < features.count; i++) {
    RF_COLOUR_WEIGHT.forEach((beta, a) => {
      for (let c = 0; c < cellCount; c++) {
        maps[a * cellCount + c] =
          features.contrast[i * cellCount + c] + beta * features.colour[i * cellCount + c];
      }
    });
    const r = row(i);
    for (const u of units) {
      const base = area[u] * cellCount;
      let value = 0;
      for (let j = offsets[u], end = offsets[u + 1]; j < end; j++)
        value += weights[j] * maps[base + cells[j]];
      r[u] = value;
      // Sums of the stored (float32) values, so the z-scoring is exact for what is stored.
      sum[u] += r[u];
      sumSquares[u] += r[u] * r[u];
    }
    await ctx.checkpoint((i + 1) / features.count, 'Computing receptive-field responses');
  }
  for (const u of units) {
    mean[u] = sum[u] / features.count;
    sd[u] = Math.sqrt(Math.max(0, sumSquares[u] / features.count - mean[u] ** 2));
  }
}

/**
 * Mean and SD over images of w·g for units without receptive fields, exactly from the mean and
 * covariance of the global features (so their responses need only one pass).
 */
function globalMoments(model: UnitModel, features: DemoFeatures, mean: Float64Array, sd: Float64Array) {
  const k = GLOBAL_FEATURES.length;
  const n = features.count;
  const g = features.global;
  const m = new Float64Array(k);
  const cov = new Float64Array(k * k);
  for (let i = 0; i < n; i++) for (let a = 0; a < k; a++) m[a] += g[i * k + a] / n;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) cov[a * k + b] += ((g[i * k + a] - m[a]) * (g[i * k + b] - m[b])) / n;
    }
  }
  for (let u = 0; u < model.count; u++) {
    if (model.rf.offsets[u + 1] > model.rf.offsets[u]) continue;
    const w = model.weights.subarray(u * k, (u + 1) * k);
    let mu = 0;
    let variance = 0;
    for (let a = 0; a < k; a++) {
      mu += w[a] * m[a];
      for (let b = 0; b < k; b++) variance += w[a] * w[b] * cov[a * k + b];
    }
    mean[u] = mu;
    sd[u] = Math.sqrt(Math.max(0, variance));
  }
}

/**
 * Repetition-averaged responses, images × units row-major, split into test (images 0 .. testCount − 1)
 * and train. Each unit's raw response is z-scored over all images and scaled to its signal SD. The
 * noise of an average of n trials is drawn directly as N(0, sdNoise² / n): the same distribution as
 * averaging n single-trial noises, at a fraction of the cost.
 */
export async function simulateResponses(
  model: UnitModel,
  features: DemoFeatures,
  plan: TrialPlan,
  ctx: JobContext,
): Promise<{ train: Float32Array; test: Float32Array }> {
  const n = features.count;
  const units = model.count;
  const k = GLOBAL_FEATURES.length;
  const test = new Float32Array(plan.testCount * units);
  const train = new Float32Array((n - plan.testCount) * units);
  const row = (i: number) =>
    i < plan.testCount
      ? test.subarray(i * units, (i + 1) * units)
      : train.subarray((i - plan.testCount) * units, (i - plan.testCount + 1) * units);
  const mean = new Float64Array(units);
  const sd = new Float64Array(units);
  await receptiveFieldResponses(model, features, row, mean, sd, subContext(ctx, 0, 0.3));
  globalMoments(model, features, mean, sd);
  // Normalised response = (raw − mean) · scale: a per-unit affine map of the RF response, plus the
  // global features, feature by feature, over the units that load on them.
  const scale = Float32Array.from(sd, (s, u) => (s > 0 ? model.sdSignal[u] / s : 0));
  const bias = Float32Array.from(mean, (m, u) => -m * scale[u]);
  // Global feature loadings (× scale). Features most units load on are applied as dense columns
  // (sequential sweeps), the rest as sparse lists: both far cheaper than per-unit dot products.
  const loadings = GLOBAL_FEATURES.map((_, f) => {
    const column = new Float32Array(units);
    let count = 0;
    for (let u = 0; u < units; u++) {
      column[u] = scale[u] * model.weights[u * k + f];
      if (column[u] !== 0) count++;
    }
    if (count > units / 4) return { column, units: undefined, weights: undefined };
    const loaded = new Int32Array(count);
    const weights = new Float32Array(count);
    for (let u = 0, j = 0; u < units; u++) {
      if (column[u] === 0) continue;
      loaded[j] = u;
      weights[j++] = column[u];
    }
    return { column: undefined, units: loaded, weights };
  });
  await ctx.checkpoint(0.3, 'Scaling responses');

  const message = plan.noiseSeed === undefined ? 'Scaling responses' : 'Adding measurement noise';
  for (let i = 0; i < n; i++) {
    const r = row(i);
    // A unit has either a receptive field (its raw response already in r[u]) or global weights.
    if (plan.noiseSeed === undefined) {
      for (let u = 0; u < units; u++) r[u] = r[u] * scale[u] + bias[u];
    } else {
      // One stream per image: image i's noise does not depend on how many images there are.
      const rng = createRng(deriveSeed(plan.noiseSeed, `noise ${i}`));
      const reps = i < plan.testCount ? plan.testRepetitions : plan.trainRepetitions;
      const perTrial = 1 / Math.sqrt(reps);
      for (let u = 0; u < units; u++)
        r[u] = r[u] * scale[u] + bias[u] + model.sdNoise[u] * perTrial * rng.normal();
    }
    loadings.forEach(({ column, units: which, weights }, f) => {
      const value = features.global[i * k + f];
      if (column) for (let u = 0; u < units; u++) r[u] += column[u] * value;
      else for (let j = 0; j < which.length; j++) r[which[j]] += weights[j] * value;
    });
    await ctx.checkpoint(0.3 + (0.7 * (i + 1)) / n, message);
  }
  return { train, test };
}
