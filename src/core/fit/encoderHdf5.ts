/**
 * Encoders <-> HDF5 (h5wasm; the caller opens and closes the file). Layout:
 *   attrs  format = boldstudio-encoder, format_version, subject, space, created, app_version,
 *          model, model_sha256, model_path (when known), preprocessing (JSON), pool, percent, pca
 *   /units/index (U), hemisphere (U), voxels (U, 3), grid (3), affine (4, 4)    as in a subject bundle
 *   /rois/<set> (U) int32           per-unit labels, attr `label_names`           as in a subject bundle
 *   /layers/NN                      one group per recipe layer, in feature order: attrs `name`,
 *                                   `geometry` (JSON), `pool` (effective), `dim`
 *   /layers/NN/channels             (kept)          kept channel indices
 *   /layers/NN/pca_mean, pca_components (dim, d), pca_explained_variance(_ratio)   when PCA was used
 *   /readout                        attrs `cv`, `folds`
 *   /readout/weights (d, U) float32, intercept (U) float32, alphas (grid) float64, alpha (U) float64
 *   /metrics                        attr `rois` (JSON; NaN medians as null)
 *   /metrics/test_ids (n), r, r2, nc_normalized (U)
 *   /metrics/layers/NN              per-layer fits: attrs `name`, `median_r`; dataset r (U)
 *   /metrics/best_layer (U) uint8   with per-layer fits
 *   /metrics/control                attr `median_r`; dataset r (U)    when the shuffled control was run
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { FEATURES_FORMAT } from '../backbone/featuresHdf5';
import type { TapGeometry } from '../backbone/geometry';
import { parsePreprocessing, SidecarError, type Preprocessing } from '../backbone/preprocess';
import { BUNDLE_FORMAT, BundleFormatError, readRois, readUnits, writeRois, writeUnits } from '../bundle/hdf5';
import type { Space } from '../bundle/types';
import type { Encoder, EncoderMetrics, LayerRecipe, Readout } from './encoder';
import type { RoiSummary } from './metrics';

export const ENCODER_FORMAT = 'boldstudio-encoder';
const ENCODER_VERSION = 1;

export class EncoderFormatError extends Error {
  override name = 'EncoderFormatError';
}

/** What a file with another boldstudio format attribute is, for the error message. */
const OTHER_FORMATS: Record<string, string> = {
  [FEATURES_FORMAT]: 'a feature file (from `boldstudio features`)',
  [BUNDLE_FORMAT]: 'a subject bundle (from `boldstudio bundle` or `demo`)',
};

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;

const groupName = (i: number) => String(i).padStart(2, '0');

/** Float scalars are written as float64 explicitly: h5wasm would store a whole-valued number as int32. */
const floatAttr = (g: Group, name: string, value: number) => g.create_attribute(name, value, null, '<d');

function writeLayer(g: Group, layer: LayerRecipe): void {
  g.create_attribute('name', layer.name);
  g.create_attribute('geometry', JSON.stringify(layer.geometry));
  g.create_attribute('pool', layer.pool);
  g.create_attribute('dim', layer.dim);
  g.create_dataset({ name: 'channels', data: layer.channels, shape: [layer.channels.length] });
  if (!layer.pca) return;
  const d = layer.pca.mean.length;
  g.create_dataset({ name: 'pca_mean', data: layer.pca.mean, shape: [d] });
  g.create_dataset({ name: 'pca_components', data: layer.pca.components, shape: [layer.dim, d] });
  const k = layer.pca.explainedVariance.length;
  g.create_dataset({ name: 'pca_explained_variance', data: layer.pca.explainedVariance, shape: [k] });
  g.create_dataset({
    name: 'pca_explained_variance_ratio',
    data: layer.pca.explainedVarianceRatio,
    shape: [k],
  });
}

function writeReadout(file: H5File, r: Readout): void {
  const g = file.create_group('readout');
  g.create_attribute('cv', r.cv);
  g.create_attribute('folds', r.folds);
  g.create_dataset({ name: 'weights', data: r.weights, shape: [r.d, r.v] });
  g.create_dataset({ name: 'intercept', data: r.intercept, shape: [r.v] });
  g.create_dataset({ name: 'alphas', data: r.alphas, shape: [r.alphas.length] });
  g.create_dataset({ name: 'alpha', data: r.alpha, shape: [r.v] });
}

function writeMetrics(file: H5File, m: EncoderMetrics, u: number): void {
  const g = file.create_group('metrics');
  g.create_attribute('rois', JSON.stringify(m.rois));
  g.create_dataset({ name: 'test_ids', data: m.testIds, shape: [m.testIds.length] });
  g.create_dataset({ name: 'r', data: m.scores.r, shape: [u] });
  g.create_dataset({ name: 'r2', data: m.scores.r2, shape: [u] });
  g.create_dataset({ name: 'nc_normalized', data: m.scores.ncNormalized, shape: [u] });
  const layers = g.create_group('layers');
  m.layers.forEach((layer, i) => {
    const l = layers.create_group(groupName(i));
    l.create_attribute('name', layer.name);
    floatAttr(l, 'median_r', layer.medianR);
    l.create_dataset({ name: 'r', data: layer.r, shape: [u] });
  });
  if (m.bestLayer) g.create_dataset({ name: 'best_layer', data: m.bestLayer, shape: [u] });
  if (m.control) {
    const c = g.create_group('control');
    floatAttr(c, 'median_r', m.control.medianR);
    c.create_dataset({ name: 'r', data: m.control.r, shape: [u] });
  }
}

export function writeEncoder(file: H5File, encoder: Encoder): void {
  const { recipe } = encoder;
  file.create_attribute('format', ENCODER_FORMAT);
  file.create_attribute('format_version', ENCODER_VERSION);
  file.create_attribute('subject', encoder.subject);
  file.create_attribute('space', encoder.space);
  file.create_attribute('created', encoder.created);
  file.create_attribute('app_version', encoder.appVersion);
  file.create_attribute('model', recipe.model.name);
  file.create_attribute('model_sha256', recipe.model.sha256);
  if (recipe.model.modelPath !== undefined) file.create_attribute('model_path', recipe.model.modelPath);
  file.create_attribute('preprocessing', JSON.stringify(recipe.preprocessing));
  file.create_attribute('pool', recipe.pool);
  file.create_attribute('percent', recipe.choices.percent);
  file.create_attribute('pca', recipe.choices.pca);
  writeUnits(file, encoder.units);
  writeRois(file, encoder.rois, encoder.units.count);
  const layers = file.create_group('layers');
  recipe.layers.forEach((layer, i) => writeLayer(layers.create_group(groupName(i)), layer));
  writeReadout(file, encoder.readout);
  writeMetrics(file, encoder.metrics, encoder.units.count);
}

function entity(group: Group, path: string): Dataset | Group | null {
  try {
    return group.get(path) as Dataset | Group | null;
  } catch {
    return null;
  }
}

/** Full path of `name` inside `group`, for messages. */
const where = (group: Group, name: string) => `${group.path === '/' ? '' : group.path}/${name}`;

function dataset<T extends Typed>(group: Group, name: string, kind: new (n: number) => T): T {
  const e = entity(group, name);
  // Duck-typed: the Dataset class belongs to whichever h5wasm build (browser or Node) opened the file.
  if (!e || !('slice' in e)) throw new EncoderFormatError(`missing dataset ${where(group, name)}`);
  const value = e.value;
  if (!(value instanceof kind))
    throw new EncoderFormatError(`${where(group, name)} has the wrong type (expected ${kind.name})`);
  return value;
}

const optional = <T extends Typed>(group: Group, name: string, kind: new (n: number) => T) =>
  entity(group, name) ? dataset(group, name, kind) : undefined;

function group(parent: Group, name: string): Group {
  const e = entity(parent, name);
  if (!e || !('keys' in e)) throw new EncoderFormatError(`missing group ${where(parent, name)}`);
  return e as Group;
}

function attr(g: Group, name: string): unknown {
  const a = g.attrs[name];
  if (!a) throw new EncoderFormatError(`missing attribute "${name}" on ${g.path}`);
  return a.value;
}

function text(g: Group, name: string): string {
  const v = attr(g, name);
  if (typeof v !== 'string') throw new EncoderFormatError(`attribute "${name}" on ${g.path} is not a string`);
  return v;
}

function num(g: Group, name: string): number {
  const v = attr(g, name);
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new EncoderFormatError(`attribute "${name}" on ${g.path} is not a number`);
}

function json(g: Group, name: string): unknown {
  try {
    return JSON.parse(text(g, name));
  } catch (error) {
    if (error instanceof EncoderFormatError) throw error;
    throw new EncoderFormatError(`attribute "${name}" on ${g.path} is not valid JSON`);
  }
}

function checkFormat(file: H5File): void {
  const format = file.attrs['format']?.value;
  if (format === ENCODER_FORMAT) {
    const version = num(file, 'format_version');
    if (version > ENCODER_VERSION)
      throw new EncoderFormatError(
        `encoder format_version ${version} was written by a newer boldstudio; this one reads up to ${ENCODER_VERSION}`,
      );
    return;
  }
  const other = typeof format === 'string' ? OTHER_FORMATS[format] : undefined;
  if (other) throw new EncoderFormatError(`this is ${other}, not an encoder`);
  throw new EncoderFormatError(
    format === undefined
      ? 'not a boldstudio encoder (no format attribute)'
      : `not a boldstudio encoder (format "${String(format)}")`,
  );
}

/** The numbered subgroups 00, 01, … of `parent`, in number order. */
const inOrder = (parent: Group) =>
  Array.from({ length: parent.keys().length }, (_, i) => group(parent, groupName(i)));

function readGeometry(g: Group): TapGeometry {
  const geometry = json(g, 'geometry') as TapGeometry;
  if (!['grid', 'tokens', 'vector'].includes(geometry?.kind) || !(geometry.channels > 0))
    throw new EncoderFormatError(`attribute "geometry" on ${g.path} is not a layer geometry`);
  return geometry;
}

function readLayer(g: Group): LayerRecipe {
  const channels = dataset(g, 'channels', Int32Array);
  const pool = num(g, 'pool');
  const dim = num(g, 'dim');
  const pca = entity(g, 'pca_mean')
    ? {
        mean: dataset(g, 'pca_mean', Float32Array),
        components: dataset(g, 'pca_components', Float32Array),
        explainedVariance: dataset(g, 'pca_explained_variance', Float64Array),
        explainedVarianceRatio: dataset(g, 'pca_explained_variance_ratio', Float64Array),
      }
    : undefined;
  const expected = pca ? pca.components.length / pca.mean.length : channels.length * pool * pool;
  if (dim !== expected || (pca && pca.mean.length !== channels.length * pool * pool))
    throw new EncoderFormatError(
      `${g.path}: ${dim} features do not follow from ${channels.length} channels × ${pool}²` +
        (pca
          ? ` and PCA components of shape ${pca.components.length / pca.mean.length}×${pca.mean.length}`
          : ''),
    );
  return { name: text(g, 'name'), geometry: readGeometry(g), pool, channels, dim, pca };
}

function readReadout(file: H5File, units: number, d: number): Readout {
  const g = group(file, 'readout');
  const cv = text(g, 'cv');
  if (cv !== 'gcv' && cv !== 'kfold')
    throw new EncoderFormatError(`attribute "cv" on /readout must be "gcv" or "kfold", not "${cv}"`);
  const r: Readout = {
    d,
    v: units,
    weights: dataset(g, 'weights', Float32Array),
    intercept: dataset(g, 'intercept', Float32Array),
    alphas: dataset(g, 'alphas', Float64Array),
    alpha: dataset(g, 'alpha', Float64Array),
    cv,
    folds: num(g, 'folds'),
  };
  if (r.weights.length !== d * units || r.intercept.length !== units || r.alpha.length !== units)
    throw new EncoderFormatError(
      `/readout does not map ${d} features (the layers' dims) to ${units} units ` +
        `(weights ${r.weights.length}, intercept ${r.intercept.length}, alpha ${r.alpha.length} values)`,
    );
  return r;
}

function readPreprocessing(file: H5File): Preprocessing {
  try {
    return parsePreprocessing(json(file, 'preprocessing'), 'attribute "preprocessing"');
  } catch (error) {
    if (error instanceof SidecarError) throw new EncoderFormatError(error.message);
    throw error;
  }
}

/** JSON writes NaN medians (an ROI with no noise ceiling) as null; they come back as NaN. */
function readRoiSummaries(g: Group): RoiSummary[] {
  const rois = json(g, 'rois');
  if (!Array.isArray(rois)) throw new EncoderFormatError('attribute "rois" on /metrics is not a list');
  return rois.map((r: RoiSummary) => ({
    ...r,
    medianR: r.medianR ?? NaN,
    medianNcNormalized: r.medianNcNormalized ?? NaN,
  }));
}

function readMetrics(file: H5File, units: number): EncoderMetrics {
  const g = group(file, 'metrics');
  const perUnit = (parent: Group, name: string) => {
    const values = dataset(parent, name, Float32Array);
    if (values.length !== units)
      throw new EncoderFormatError(`${where(parent, name)} has ${values.length} values for ${units} units`);
    return values;
  };
  const layers = group(g, 'layers');
  const control = entity(g, 'control') ? group(g, 'control') : undefined;
  return {
    testIds: dataset(g, 'test_ids', Int32Array),
    scores: { r: perUnit(g, 'r'), r2: perUnit(g, 'r2'), ncNormalized: perUnit(g, 'nc_normalized') },
    rois: readRoiSummaries(g),
    layers: inOrder(layers).map((l) => {
      return { name: text(l, 'name'), r: perUnit(l, 'r'), medianR: num(l, 'median_r') };
    }),
    bestLayer: optional(g, 'best_layer', Uint8Array),
    control: control && { medianR: num(control, 'median_r'), r: perUnit(control, 'r') },
  };
}

/** Units and ROIs are read by the bundle's code; their errors are the encoder file's errors here. */
function sharedPart<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof BundleFormatError) throw new EncoderFormatError(error.message);
    throw error;
  }
}

export function readEncoder(file: H5File): Encoder {
  checkFormat(file);
  const units = sharedPart(() => readUnits(file));
  const layersGroup = group(file, 'layers');
  const layers = inOrder(layersGroup).map(readLayer);
  if (layers.length === 0) throw new EncoderFormatError('/layers is empty: the encoder reads no layer');
  const d = layers.reduce((sum, l) => sum + l.dim, 0);
  const modelPath = file.attrs['model_path'] ? text(file, 'model_path') : undefined;
  return {
    subject: text(file, 'subject'),
    space: text(file, 'space') as Space,
    units,
    rois: sharedPart(() => readRois(file)),
    recipe: {
      model: {
        name: text(file, 'model'),
        sha256: text(file, 'model_sha256'),
        ...(modelPath !== undefined && { modelPath }),
      },
      preprocessing: readPreprocessing(file),
      pool: num(file, 'pool'),
      choices: { percent: num(file, 'percent'), pca: num(file, 'pca') },
      layers,
    },
    readout: readReadout(file, units.count, d),
    metrics: readMetrics(file, units.count),
    created: text(file, 'created'),
    appVersion: text(file, 'app_version'),
  };
}
