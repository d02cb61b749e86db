/**
 * From extracted rows to the features a readout is fitted on, per layer: keep the `percent` % of
 * channels whose spatial means vary most over the training images (BOLDreams' PERCENT_OF_CHANNELS),
 * take their pooled cells, and optionally project onto PCA components fitted on the training images.
 * Everything chosen is recorded with the features.
 */
import { fitPca, transformPca, type Pca } from '../numerics/pca';
import type { RawFeatures, RawLayer } from './extract';
import type { TapGeometry } from './geometry';
import type { Preprocessing } from './preprocess';
import { channelSpread, keptColumns, topChannels } from './reduce';

export interface ReductionChoices {
  /** Percent of channels kept, (0, 100]. */
  percent: number;
  /** PCA components (0 = none). */
  pca: number;
}

export interface LayerFeatures {
  name: string;
  geometry: TapGeometry;
  pool: number;
  /** Kept channel indices, ascending. */
  channels: Int32Array;
  pca?: Pca;
  /** Feature columns per image. */
  dim: number;
  /** images × dim, row-major. */
  values: Float32Array;
}

function keptFeatures(layer: RawLayer, channels: Int32Array, imageCount: number): Float32Array {
  const columns = keptColumns(channels, layer.geometry.channels, layer.pool);
  const out = new Float32Array(imageCount * columns.length);
  for (let i = 0; i < imageCount; i++) {
    const row = i * layer.rowLength;
    const at = i * columns.length;
    for (let j = 0; j < columns.length; j++) out[at + j] = layer.rows[row + columns[j]];
  }
  return out;
}

function gather(values: Float32Array, dim: number, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(values.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}

/** `trainRows`: image rows (indices into the extracted images) the statistics are fitted on. */
export function reduceFeatures(
  raw: RawFeatures,
  choices: ReductionChoices,
  trainRows: Int32Array,
): LayerFeatures[] {
  if (trainRows.length < 2) throw new RangeError('channel selection needs at least two training images');
  return raw.layers.map((layer) => {
    const channels = topChannels(
      channelSpread(layer.rows, layer.rowLength, layer.geometry.channels, trainRows),
      choices.percent,
    );
    const selected = keptFeatures(layer, channels, raw.imageCount);
    const dim = channels.length * layer.pool * layer.pool;
    const base = { name: layer.name, geometry: layer.geometry, pool: layer.pool, channels };
    if (!(choices.pca > 0)) return { ...base, dim, values: selected };
    const pca = fitPca(gather(selected, dim, trainRows), trainRows.length, dim, choices.pca);
    return {
      ...base,
      pca,
      dim: pca.components.length / dim,
      values: transformPca(pca, selected, raw.imageCount),
    };
  });
}

/** Features for a bundle's images with everything needed to reproduce them. */
export interface FeatureSet {
  model: { name: string; sha256: string };
  preprocessing: Preprocessing;
  pool: number;
  choices: ReductionChoices;
  /** Image id of each feature row (the bundle's stimulus order). */
  nsdIds: Int32Array;
  layers: LayerFeatures[];
  created: string;
}
