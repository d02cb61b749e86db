/**
 * What the studio shows of an encoder: its recipe in brief, the accuracy maps and their summaries, without
 * the readout weights (those stay with whoever holds the encoder); and the file name it is kept under.
 */
import type { RoiSet, Space } from '../bundle/types';
import type { CvRule } from '../numerics/ridge';
import { median } from '../stats';
import type { Encoder } from './encoder';
import type { RoiSummary } from './metrics';

export interface LayerSummary {
  name: string;
  /** Features this layer contributes to the readout. */
  dim: number;
  /** Test r per unit of this layer fitted alone, and its median (absent without per-layer fits). */
  r?: Float32Array;
  medianR?: number;
  /** Share of units whose best layer this is, 0..1 (absent without per-layer fits). */
  bestShare?: number;
}

export interface EncoderSummary {
  subject: string;
  space: Space;
  /** Readout size: features (the layers' dims summed) × units. */
  d: number;
  v: number;
  model: { name: string; sha256: string };
  inputSize: number;
  pool: number;
  percent: number;
  pca: number;
  cv: CvRule;
  folds: number;
  testImages: number;
  created: string;
  appVersion: string;
  /** Test r and noise-ceiling-normalised accuracy (%) per unit. */
  r: Float32Array;
  ncNormalized: Float32Array;
  medianR: number;
  /** Over units with a noise ceiling. */
  medianNcNormalized: number;
  /** Per ROI label of each ROI set (the 'all' entry left out). */
  rois: RoiSummary[];
  layers: LayerSummary[];
  /** Per unit, index into `layers` of the best layer (with per-layer fits). */
  bestLayer?: Uint8Array;
  controlMedianR?: number;
}

export function summarizeEncoder(encoder: Encoder): EncoderSummary {
  const { recipe, readout, metrics } = encoder;
  const { r, ncNormalized } = metrics.scores;
  const best = metrics.bestLayer;
  const units = r.length;
  const share = (l: number) => (best ? best.filter((b) => b === l).length / units : undefined);
  return {
    subject: encoder.subject,
    space: encoder.space,
    d: readout.d,
    v: readout.v,
    model: { name: recipe.model.name, sha256: recipe.model.sha256 },
    inputSize: recipe.preprocessing.inputSize,
    pool: recipe.pool,
    percent: recipe.choices.percent,
    pca: recipe.choices.pca,
    cv: readout.cv,
    folds: readout.folds,
    testImages: metrics.testIds.length,
    created: encoder.created,
    appVersion: encoder.appVersion,
    r,
    ncNormalized,
    medianR: median(r),
    medianNcNormalized: median(ncNormalized.filter((v) => !Number.isNaN(v))),
    rois: metrics.rois.filter((roi) => roi.set !== 'all'),
    // Per-layer fits are in recipe order, so `bestLayer` indexes these layers too.
    layers: recipe.layers.map((layer, l) => {
      const alone = metrics.layers[l];
      return { name: layer.name, dim: layer.dim, r: alone?.r, medianR: alone?.medianR, bestShare: share(l) };
    }),
    bestLayer: best,
    controlMedianR: metrics.control?.medianR,
  };
}

const slug = (text: string) =>
  text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();

/** `<subject>-<model>-<yyyymmdd-hhmmss>.h5`, the model named by the first word of its name. */
export function encoderFileName(encoder: Pick<Encoder, 'subject' | 'created' | 'recipe'>): string {
  const model = slug(encoder.recipe.model.name.replace(/\.onnx$/i, '').split(/[\s(]/)[0]) || 'model';
  const stamp = encoder.created
    .replace(/\.\d+Z?$|Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `${slug(encoder.subject) || 'subject'}-${model}-${slug(stamp)}.h5`;
}

export interface RoiBestLayer {
  set: string;
  label: string;
  /** The layer most of the ROI's units prefer, and the share of its units that do (0..1). */
  layer: string;
  share: number;
}

/** Per labelled ROI, the layer that is best for most of its units. */
export function roiBestLayers(bestLayer: Uint8Array, layerNames: string[], rois: RoiSet[]): RoiBestLayer[] {
  return rois.flatMap((roi) =>
    roi.labelNames.flatMap((label, k) => {
      const counts = new Array<number>(layerNames.length).fill(0);
      roi.labels.forEach((l, u) => {
        if (l === k + 1) counts[bestLayer[u]]++;
      });
      const units = counts.reduce((a, b) => a + b, 0);
      if (units === 0) return [];
      const top = counts.indexOf(Math.max(...counts));
      return [{ set: roi.name, label, layer: layerNames[top], share: counts[top] / units }];
    }),
  );
}
