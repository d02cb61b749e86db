/**
 * Feature extraction: images in batches through a backbone whose taps are reduced on the backend
 * (reductionGraph.ts), rows stored in a cache entry as they come. A complete entry is returned without
 * opening the model; a partial one resumes at its first missing image.
 */
import { decodeModel, encodeModel } from '../onnx/builder';
import { imageInput, tapModel, TapError } from '../onnx/taps';
import type { JobContext } from '../jobs/progress';
import { floatValues, type Engine } from './engine';
import type { CacheEntry, CacheMeta, CachedLayer } from './featureCache';
import { effectivePool, rowLength, tapGeometry, type TapGeometry } from './geometry';
import { preprocessImages, type Preprocessing } from './preprocess';
import { featureOutput, reductionModel } from './reductionGraph';

/** Square RGB uint8 images, read in ranges (the bundle's stimuli). */
export interface ImageSource {
  count: number;
  size: number;
  read(start: number, count: number): Promise<Uint8Array>;
}

export interface ExtractionRequest {
  model: Uint8Array;
  taps: string[];
  preprocessing: Preprocessing;
  /** Pooling grid side per channel (1 = global average). */
  pool: number;
  batchSize: number;
  key: string;
}

export interface RawLayer extends CachedLayer {
  /** images × rowLength: channel means, then (pool > 1) channels × pool² cells. */
  rows: Float32Array;
}

export interface RawFeatures {
  key: string;
  imageCount: number;
  layers: RawLayer[];
  /** Images that came from the cache rather than the model. */
  cachedImages: number;
  /** Images per second for the images computed now (0 when all came from the cache). */
  imagesPerSecond: number;
}

async function readAll(entry: CacheEntry, meta: CacheMeta) {
  return Promise.all(
    meta.layers.map(async (l, i) => ({ ...l, rows: await entry.read(i, meta.imageCount, l.rowLength) })),
  );
}

/** Input dims the model accepts: fixed dims must agree with the preprocessing. */
function inputPlan(model: ReturnType<typeof decodeModel>, p: Preprocessing, batchSize: number) {
  const input = imageInput(model);
  const [batch, channels, height, width] = input.shape;
  if (typeof channels === 'number' && channels !== 3)
    throw new TapError(`input "${input.name}" takes ${channels} channels; an image model takes 3 (RGB)`);
  for (const side of [height, width]) {
    if (typeof side === 'number' && side !== p.inputSize)
      throw new TapError(
        `input "${input.name}" is fixed at ${height}×${width} but the preprocessing says ${p.inputSize}; set inputSize to ${side}`,
      );
  }
  // A fixed batch size is honoured by padding the last batch.
  return { name: input.name, batch: typeof batch === 'number' ? batch : batchSize };
}

/** Per-image dims of each tap, from one run on a blank image. */
/** Each tap's geometry, from one run of the model on a blank batch. */
export async function tapGeometries(
  engine: Engine,
  model: ReturnType<typeof decodeModel>,
  taps: string[],
  input: { name: string; batch: number },
  side: number,
): Promise<TapGeometry[]> {
  const session = await engine(encodeModel(tapModel(model, taps)), input.name);
  try {
    const out = await session.run(new Float32Array(input.batch * 3 * side * side), [
      input.batch,
      3,
      side,
      side,
    ]);
    return taps.map((name) => tapGeometry(name, out[name].dims));
  } finally {
    await session.release();
  }
}

async function probeLayers(
  engine: Engine,
  model: ReturnType<typeof decodeModel>,
  request: ExtractionRequest,
  input: { name: string; batch: number },
): Promise<CachedLayer[]> {
  const geometries = await tapGeometries(engine, model, request.taps, input, request.preprocessing.inputSize);
  return request.taps.map((name, i) => ({
    name,
    geometry: geometries[i],
    pool: effectivePool(geometries[i], request.pool),
    rowLength: rowLength(geometries[i], request.pool),
  }));
}

export async function extractFeatures(
  request: ExtractionRequest,
  images: ImageSource,
  engine: Engine,
  entry: CacheEntry,
  ctx: JobContext,
): Promise<RawFeatures> {
  const stored = await entry.meta();
  const usable = stored?.key === request.key && stored.imageCount === images.count ? stored : undefined;
  if (usable?.done === images.count) {
    return {
      key: request.key,
      imageCount: images.count,
      layers: await readAll(entry, usable),
      cachedImages: images.count,
      imagesPerSecond: 0,
    };
  }

  let model;
  try {
    model = decodeModel(request.model);
  } catch (error) {
    throw new TapError(`not an ONNX model (${(error as Error).message})`);
  }
  const input = inputPlan(model, request.preprocessing, request.batchSize);
  await ctx.checkpoint(0, 'reading layer shapes');
  const meta: CacheMeta = usable ?? {
    key: request.key,
    imageCount: images.count,
    layers: await probeLayers(engine, model, request, input),
    done: 0,
  };
  await entry.setMeta(meta);

  const session = await engine(encodeModel(reductionModel(model, meta.layers, request.pool)), input.name);
  const side = request.preprocessing.inputSize;
  const resumedAt = meta.done;
  const started = performance.now();
  let rate = 0;
  try {
    while (meta.done < images.count) {
      const count = Math.min(input.batch, images.count - meta.done);
      const pixels = await images.read(meta.done, count);
      const batch = new Float32Array(input.batch * 3 * side * side);
      batch.set(preprocessImages(pixels, images.size, request.preprocessing));
      const out = await session.run(batch, [input.batch, 3, side, side]);
      for (let l = 0; l < meta.layers.length; l++) {
        const { name, rowLength: len } = meta.layers[l];
        await entry.write(l, meta.done, floatValues(out, featureOutput(name)).subarray(0, count * len));
      }
      meta.done += count;
      await entry.setMeta(meta);
      rate = (meta.done - resumedAt) / ((performance.now() - started) / 1000);
      await ctx.checkpoint(
        meta.done / images.count,
        `${meta.done} / ${images.count} images · ${rate.toFixed(1)} images/s`,
      );
    }
  } finally {
    await session.release();
  }
  return {
    key: request.key,
    imageCount: images.count,
    layers: await readAll(entry, meta),
    cachedImages: resumedAt,
    imagesPerSecond: rate,
  };
}
