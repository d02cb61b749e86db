/**
 * The whole feature step, shared by the extraction worker and `boldstudio features`: key the cache,
 * extract (or reuse) the reduced taps, then select channels and fit PCA on the training images.
 */
import type { JobContext } from '../jobs/progress';
import { subContext } from '../jobs/progress';
import { featureCacheKey, sha256Hex } from './cacheKey';
import type { Engine } from './engine';
import { extractFeatures, type ImageSource } from './extract';
import type { CacheEntry } from './featureCache';
import { reduceFeatures, type FeatureSet, type ReductionChoices } from './featureSet';
import type { Preprocessing } from './preprocess';

export interface FeatureJob {
  model: { name: string; bytes: Uint8Array };
  taps: string[];
  preprocessing: Preprocessing;
  pool: number;
  choices: ReductionChoices;
  batchSize: number;
}

/** A bundle's stimuli as extraction reads them. */
export interface BundleImages extends ImageSource {
  /** Image id per stimulus row. */
  nsdIds: Int32Array;
  /** Ids of the training images (statistics for channel selection and PCA are fitted on these). */
  trainIds: Int32Array;
  /** imageSetIdentity() of the stimuli. */
  identity: string;
}

export interface FeatureOutcome {
  set: FeatureSet;
  cachedImages: number;
  imagesPerSecond: number;
}

export function trainRows(nsdIds: Int32Array, trainIds: Int32Array): Int32Array {
  const train = new Set(trainIds);
  return Int32Array.from(Array.from(nsdIds.keys()).filter((row) => train.has(nsdIds[row])));
}

export async function computeFeatures(
  job: FeatureJob,
  images: BundleImages,
  engine: Engine,
  openEntry: (key: string) => Promise<CacheEntry>,
  ctx: JobContext,
): Promise<FeatureOutcome> {
  const sha256 = await sha256Hex(job.model.bytes);
  const key = await featureCacheKey({
    modelSha256: sha256,
    taps: job.taps,
    pool: job.pool,
    preprocessing: job.preprocessing,
    images: images.identity,
  });
  const raw = await extractFeatures(
    {
      model: job.model.bytes,
      taps: job.taps,
      preprocessing: job.preprocessing,
      pool: job.pool,
      batchSize: job.batchSize,
      key,
    },
    images,
    engine,
    await openEntry(key),
    subContext(ctx, 0, 0.95),
  );
  await ctx.checkpoint(0.95, job.choices.pca > 0 ? 'selecting channels, fitting PCA' : 'selecting channels');
  const layers = reduceFeatures(raw, job.choices, trainRows(images.nsdIds, images.trainIds));
  return {
    set: {
      model: { name: job.model.name, sha256 },
      preprocessing: job.preprocessing,
      pool: job.pool,
      choices: job.choices,
      nsdIds: images.nsdIds,
      layers,
      created: new Date().toISOString(),
    },
    cachedImages: raw.cachedImages,
    imagesPerSecond: raw.imagesPerSecond,
  };
}
