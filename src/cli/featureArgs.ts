/**
 * What `features` and `fit` share: the backbone/reduction options (--layers, --percent, --pool, --pca,
 * --batch) and reading a bundle file with its stimuli as the extraction's image source.
 */
import h5wasm from 'h5wasm/node';
import { imageSetIdentity } from '../core/backbone/cacheKey';
import { memoryCacheEntry } from '../core/backbone/featureCache';
import { computeFeatures, type BundleImages, type FeatureOutcome } from '../core/backbone/features';
import type { FeatureSet, ReductionChoices } from '../core/backbone/featureSet';
import { describeGeometry } from '../core/backbone/geometry';
import { readBundle } from '../core/bundle/hdf5';
import type { SubjectBundle } from '../core/bundle/types';
import { initH5, openH5 } from '../core/formats/h5';
import { UsageError } from './command';
import type { ModelFile } from './modelFile';
import { nodeEngine } from './nodeEngine';
import { terminalProgress } from './progress';

export const featureOptions = {
  model: { type: 'string' },
  layers: { type: 'string' },
  bundle: { type: 'string' },
  percent: { type: 'string' },
  pool: { type: 'string' },
  pca: { type: 'string' },
  batch: { type: 'string' },
} as const;

type FeatureValues = Partial<Record<keyof typeof featureOptions, string>>;

export interface FeatureArgs {
  taps: string[];
  pool: number;
  choices: ReductionChoices;
  batchSize: number;
}

function number(
  name: string,
  value: string | undefined,
  fallback: number,
  ok: (n: number) => boolean,
  want: string,
) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!ok(n)) throw new UsageError(`--${name} must be ${want}, got "${value}"`);
  return n;
}

/** The reduction options, checked; `percent` defaults to `defaultPercent`. */
export function parseFeatureArgs(values: FeatureValues, defaultPercent: number): FeatureArgs {
  for (const need of ['model', 'layers', 'bundle'] as const)
    if (!values[need]) throw new UsageError(`--${need} is required`);
  const percent = number(
    'percent',
    values.percent,
    defaultPercent,
    (n) => n > 0 && n <= 100,
    'a number in (0, 100]',
  );
  const pool = number(
    'pool',
    values.pool,
    1,
    (n) => Number.isInteger(n) && n >= 1 && n <= 32,
    'an integer 1..32',
  );
  const pca = number('pca', values.pca, 0, (n) => Number.isInteger(n) && n >= 0, 'a non-negative integer');
  const batchSize = number(
    'batch',
    values.batch,
    16,
    (n) => Number.isInteger(n) && n >= 1,
    'a positive integer',
  );
  const taps = values
    .layers!.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (taps.length === 0) throw new UsageError('--layers needs at least one layer name');
  return { taps, pool, choices: { percent, pca }, batchSize };
}

export async function readBundleFile(path: string): Promise<SubjectBundle> {
  const lib = await initH5(h5wasm);
  const file = openH5(lib, path, 'r');
  try {
    return readBundle(file);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    file.close();
  }
}

/** The bundle's stimuli as the extraction reads them. */
async function bundleImages(bundle: SubjectBundle): Promise<BundleImages> {
  const { size, images, nsdIds } = bundle.stimuli;
  const frame = size * size * 3;
  return {
    count: nsdIds.length,
    size,
    nsdIds,
    trainIds: bundle.train.nsdIds,
    identity: await imageSetIdentity(nsdIds, size, images),
    read: async (start, count) => images.subarray(start * frame, (start + count) * frame),
  };
}

/** Extracts and reduces the model's features for every image of the bundle (progress on stderr). */
export async function bundleFeatures(
  model: ModelFile,
  bundle: SubjectBundle,
  args: FeatureArgs,
): Promise<FeatureOutcome> {
  return computeFeatures(
    { model: { name: model.name, bytes: model.bytes }, preprocessing: model.preprocessing, ...args },
    await bundleImages(bundle),
    nodeEngine(),
    async () => memoryCacheEntry(),
    terminalProgress('features'),
  ).catch((error: Error) => {
    throw new Error(`${model.path}: ${error.message}`, { cause: error });
  });
}

/** One line per layer: its shape and what the reduction kept. */
export function layerLines(set: FeatureSet): string[] {
  return set.layers.map(
    (l) =>
      `  ${l.name}: ${describeGeometry(l.geometry)} → ${l.channels.length} channels × ${l.pool}² cells` +
      (l.pca ? ` → ${l.dim} PCA components` : '') +
      ` = ${l.dim} features`,
  );
}
