/**
 * Fits an encoder: one ridge readout per unit on the chosen layers' features concatenated, scored on the
 * held-out test images; with several layers, each layer is also fitted alone, giving each layer's accuracy
 * map and the best layer per unit; and a shuffled-image control (training responses permuted across
 * images) shows the chance level. Shared by the fitting worker and `boldstudio fit`.
 */
import type { FeatureSet, LayerFeatures } from '../backbone/featureSet';
import type { ResponseSplit, SubjectBundle } from '../bundle/types';
import { subContext, type JobContext } from '../jobs/progress';
import type { Gemm } from '../numerics/gemm';
import { fitRidge, predictRidge, ridgeWeights, type CvRule, type RidgeFit } from '../numerics/ridge';
import { createRng } from '../random';
import { median } from '../stats';
import type { Encoder, LayerAccuracy } from './encoder';
import { bestLayer, roiSummaries, scoreUnits } from './metrics';

/** What a fit reads from a subject bundle. */
export type FitSubject = Pick<
  SubjectBundle,
  'subject' | 'space' | 'units' | 'noiseCeiling' | 'train' | 'test' | 'rois'
>;

export interface FitOptions {
  /** Layers of the feature set to fit on, in this order (default: all). */
  layers?: string[];
  alphas?: readonly number[];
  cv?: CvRule;
  folds?: number;
  /** Fit each layer alone as well, for the best-layer map (default: with more than one layer). */
  perLayer?: boolean;
  /** Fit the shuffled-image control (default true). */
  control?: boolean;
  gemm?: Gemm;
  targetBlock?: number;
  appVersion: string;
}

export class FitInputError extends Error {
  override name = 'FitInputError';
}

/** Feature rows of the given image ids, in that order. */
function rowsOf(featureIds: Int32Array, ids: Int32Array, split: string): Int32Array {
  const row = new Map(Array.from(featureIds, (id, r) => [id, r]));
  return Int32Array.from(ids, (id) => {
    const r = row.get(id);
    if (r === undefined)
      throw new FitInputError(
        `the features have no row for ${split} image ${id}: they were extracted for another image set`,
      );
    return r;
  });
}

/** The given rows of the layers' features, concatenated per row (rows × Σ dim). */
function design(layers: LayerFeatures[], rows: Int32Array): { x: Float32Array; d: number } {
  const d = layers.reduce((s, l) => s + l.dim, 0);
  const x = new Float32Array(rows.length * d);
  rows.forEach((r, i) => {
    let at = i * d;
    for (const l of layers) {
      x.set(l.values.subarray(r * l.dim, (r + 1) * l.dim), at);
      at += l.dim;
    }
  });
  return { x, d };
}

/** Training responses with image rows permuted (seeded), breaking the image–response pairing. */
function shuffledRows(y: Float32Array, n: number, v: number): Float32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const rng = createRng(20231);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const out = new Float32Array(n * v);
  order.forEach((from, i) => out.set(y.subarray(from * v, (from + 1) * v), i * v));
  return out;
}

function checkResponses(split: ResponseSplit, v: number, name: string): void {
  const n = split.nsdIds.length;
  if (split.responses.length !== n * v)
    throw new FitInputError(
      `${name} responses hold ${split.responses.length} values, not ${n} images × ${v} units`,
    );
  if (n < 2) throw new FitInputError(`the ${name} split needs at least 2 images, it has ${n}`);
}

export async function fitEncoder(
  features: FeatureSet,
  subject: FitSubject,
  options: FitOptions,
  ctx: JobContext,
): Promise<Encoder> {
  const v = subject.units.count;
  checkResponses(subject.train, v, 'training');
  checkResponses(subject.test, v, 'test');
  const names = options.layers ?? features.layers.map((l) => l.name);
  if (names.length === 0) throw new FitInputError('choose at least one layer to fit on');
  const layers = names.map((name) => {
    const layer = features.layers.find((l) => l.name === name);
    if (!layer)
      throw new FitInputError(
        `layer "${name}" is not among the extracted features (${features.layers.map((l) => l.name).join(', ')})`,
      );
    return layer;
  });
  const trainRows = rowsOf(features.nsdIds, subject.train.nsdIds, 'training');
  const testRows = rowsOf(features.nsdIds, subject.test.nsdIds, 'test');
  const n = trainRows.length;
  const nTest = testRows.length;
  const y = subject.train.responses;
  const actual = subject.test.responses;
  const perLayer = (options.perLayer ?? layers.length > 1) && layers.length > 1;
  const control = options.control ?? true;
  const ridgeOptions = {
    alphas: options.alphas,
    cv: options.cv,
    folds: options.folds,
    gemm: options.gemm,
    targetBlock: options.targetBlock,
  };

  // Progress: each fit gets a share proportional to its feature count (the cost grows with it).
  const dims = [
    layers.reduce((s, l) => s + l.dim, 0),
    ...(perLayer ? layers.map((l) => l.dim) : []),
    ...(control ? [layers.reduce((s, l) => s + l.dim, 0)] : []),
  ];
  const total = dims.reduce((a, b) => a + b, 0);
  let done = 0;
  const fitAndPredict = async (
    which: LayerFeatures[],
    targets: Float32Array,
    label: string,
    d: number,
  ): Promise<{ fit: RidgeFit; pred: Float32Array }> => {
    const start = done / total;
    done += d;
    const part = labelled(subContext(ctx, start, done / total), label);
    const train = design(which, trainRows);
    const fit = await fitRidge({ x: train.x, y: targets, n, d: train.d, v }, ridgeOptions, part);
    const pred = await predictRidge(fit, design(which, testRows).x, nTest, options.gemm);
    return { fit, pred };
  };

  const all = await fitAndPredict(layers, y, names.join(' + '), dims[0]);
  const scores = scoreUnits(all.pred, actual, nTest, subject.noiseCeiling);
  const weights = await ridgeWeights(all.fit, options.gemm);

  const layerAccuracy: LayerAccuracy[] = [];
  if (perLayer)
    for (const layer of layers) {
      const { pred } = await fitAndPredict([layer], y, `${layer.name} alone`, layer.dim);
      const r = scoreUnits(pred, actual, nTest, subject.noiseCeiling).r;
      layerAccuracy.push({ name: layer.name, r, medianR: median(r) });
    }

  let chance: Encoder['metrics']['control'];
  if (control) {
    const { pred } = await fitAndPredict(layers, shuffledRows(y, n, v), 'shuffled-image control', dims[0]);
    const r = scoreUnits(pred, actual, nTest, subject.noiseCeiling).r;
    chance = { medianR: median(r), r };
  }
  await ctx.checkpoint(1, 'scored');

  return {
    subject: subject.subject,
    space: subject.space,
    units: subject.units,
    rois: subject.rois,
    recipe: {
      model: features.model,
      preprocessing: features.preprocessing,
      pool: features.pool,
      choices: features.choices,
      layers: layers.map(({ values: _values, ...recipe }) => recipe),
    },
    readout: {
      d: all.fit.d,
      v,
      weights: weights.weights,
      intercept: Float32Array.from(weights.intercept),
      alphas: all.fit.alphas,
      alpha: all.fit.alpha,
      cv: all.fit.cv,
      folds: all.fit.folds,
    },
    metrics: {
      testIds: subject.test.nsdIds,
      scores,
      rois: roiSummaries(scores, subject.rois),
      layers: layerAccuracy,
      bestLayer: perLayer ? bestLayer(layerAccuracy.map((l) => l.r)).layer : undefined,
      control: chance,
    },
    created: new Date().toISOString(),
    appVersion: options.appVersion,
  };
}

/** Prefixes a step's progress messages with what is being fitted. */
function labelled(ctx: JobContext, label: string): JobContext {
  return { checkpoint: (f, m) => ctx.checkpoint(f, `${label}: ${m}`) };
}
