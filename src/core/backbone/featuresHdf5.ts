/**
 * Feature sets <-> HDF5 (h5wasm; the caller opens and closes the file). Layout:
 *   attrs  format = boldstudio-features, format_version, model, model_sha256, preprocessing (JSON),
 *          pool, percent, pca, created
 *   /nsd_ids                        (images)        image id of each row
 *   /layers/NN                      one group per layer, attr `name` (tensor names may contain '/'),
 *                                   attr `geometry` (JSON) and `pool`
 *   /layers/NN/features             (images, dim)   float32
 *   /layers/NN/channels             (kept)          kept channel indices
 *   /layers/NN/pca_mean, pca_components (k, d), pca_explained_variance(_ratio)   when PCA was used
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { parsePreprocessing } from './preprocess';
import type { FeatureSet, LayerFeatures } from './featureSet';

export const FEATURES_FORMAT = 'boldstudio-features';
const FEATURES_VERSION = 1;

export class FeaturesFormatError extends Error {
  override name = 'FeaturesFormatError';
}

const layerGroup = (i: number) => `layers/${String(i).padStart(2, '0')}`;

export function writeFeatures(file: H5File, set: FeatureSet): void {
  file.create_attribute('format', FEATURES_FORMAT);
  file.create_attribute('format_version', FEATURES_VERSION);
  file.create_attribute('model', set.model.name);
  file.create_attribute('model_sha256', set.model.sha256);
  file.create_attribute('preprocessing', JSON.stringify(set.preprocessing));
  file.create_attribute('pool', set.pool);
  file.create_attribute('percent', set.choices.percent);
  file.create_attribute('pca', set.choices.pca);
  file.create_attribute('created', set.created);
  file.create_dataset({ name: 'nsd_ids', data: set.nsdIds, shape: [set.nsdIds.length] });
  file.create_group('layers');
  set.layers.forEach((layer, i) => {
    const g = file.create_group(layerGroup(i));
    g.create_attribute('name', layer.name);
    g.create_attribute('geometry', JSON.stringify(layer.geometry));
    g.create_attribute('pool', layer.pool);
    g.create_dataset({ name: 'features', data: layer.values, shape: [set.nsdIds.length, layer.dim] });
    g.create_dataset({ name: 'channels', data: layer.channels, shape: [layer.channels.length] });
    if (layer.pca) {
      const d = layer.pca.mean.length;
      g.create_dataset({ name: 'pca_mean', data: layer.pca.mean, shape: [d] });
      g.create_dataset({ name: 'pca_components', data: layer.pca.components, shape: [layer.dim, d] });
      g.create_dataset({
        name: 'pca_explained_variance',
        data: layer.pca.explainedVariance,
        shape: [layer.dim],
      });
      g.create_dataset({
        name: 'pca_explained_variance_ratio',
        data: layer.pca.explainedVarianceRatio,
        shape: [layer.dim],
      });
    }
  });
}

function value<T>(group: Group, path: string, kind: new (n: number) => T): T {
  const entity = group.get(path) as Dataset | null;
  const v = entity && 'slice' in entity ? entity.value : undefined;
  if (!(v instanceof kind)) throw new FeaturesFormatError(`missing or mistyped dataset ${path}`);
  return v;
}

const attr = (group: Group, name: string) => group.attrs[name]?.value;

function readLayer(file: H5File, i: number, images: number): LayerFeatures {
  const g = file.get(layerGroup(i)) as Group;
  const values = value(g, 'features', Float32Array);
  const hasPca = g.keys().includes('pca_mean');
  return {
    name: String(attr(g, 'name')),
    geometry: JSON.parse(String(attr(g, 'geometry'))),
    pool: Number(attr(g, 'pool')),
    channels: value(g, 'channels', Int32Array),
    dim: values.length / images,
    values,
    pca: hasPca
      ? {
          mean: value(g, 'pca_mean', Float32Array),
          components: value(g, 'pca_components', Float32Array),
          explainedVariance: value(g, 'pca_explained_variance', Float64Array),
          explainedVarianceRatio: value(g, 'pca_explained_variance_ratio', Float64Array),
        }
      : undefined,
  };
}

export function readFeatures(file: H5File): FeatureSet {
  if (attr(file, 'format') !== FEATURES_FORMAT)
    throw new FeaturesFormatError('not a boldstudio feature file (no format attribute)');
  const nsdIds = value(file, 'nsd_ids', Int32Array);
  const layerCount = (file.get('layers') as Group).keys().length;
  return {
    model: { name: String(attr(file, 'model')), sha256: String(attr(file, 'model_sha256')) },
    preprocessing: parsePreprocessing(JSON.parse(String(attr(file, 'preprocessing')))),
    pool: Number(attr(file, 'pool')),
    choices: { percent: Number(attr(file, 'percent')), pca: Number(attr(file, 'pca')) },
    nsdIds,
    layers: Array.from({ length: layerCount }, (_, i) => readLayer(file, i, nsdIds.length)),
    created: String(attr(file, 'created')),
  };
}
