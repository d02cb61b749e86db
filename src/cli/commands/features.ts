/**
 * `boldstudio features --model M.onnx --layers a,b --bundle B.h5 --out F.h5 [--percent 25] [--pool 4] [--pca 512]`:
 * the same extraction and reduction as the studio's Backbone panel, written as a feature file (HDF5).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { imageSetIdentity } from '../../core/backbone/cacheKey';
import { memoryCacheEntry } from '../../core/backbone/featureCache';
import { computeFeatures, type BundleImages } from '../../core/backbone/features';
import { writeFeatures } from '../../core/backbone/featuresHdf5';
import { describeGeometry } from '../../core/backbone/geometry';
import { readBundle } from '../../core/bundle/hdf5';
import { initH5, openH5 } from '../../core/formats/h5';
import { UsageError, type Command } from '../command';
import { readModelFile } from '../modelFile';
import { nodeEngine } from '../nodeEngine';
import { terminalProgress } from '../progress';
import { writeBundleFile } from './bundle';

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

async function bundleImages(path: string): Promise<BundleImages> {
  const lib = await initH5(h5wasm);
  const file = openH5(lib, path, 'r');
  let bundle;
  try {
    bundle = readBundle(file);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    file.close();
  }
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

export const featuresCommand: Command = {
  name: 'features',
  summary: "extract a backbone's reduced layer features for a bundle's images (HDF5)",
  usage:
    'boldstudio features --model M.onnx --layers a,b --bundle B.h5 --out F.h5 [--percent 25] [--pool 4] [--pca 512] [--batch 16]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        layers: { type: 'string' },
        bundle: { type: 'string' },
        out: { type: 'string' },
        percent: { type: 'string' },
        pool: { type: 'string' },
        pca: { type: 'string' },
        batch: { type: 'string' },
      },
    });
    for (const need of ['model', 'layers', 'bundle', 'out'] as const)
      if (!values[need]) throw new UsageError(`--${need} is required`);
    const percent = number('percent', values.percent, 100, (n) => n > 0 && n <= 100, 'a number in (0, 100]');
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

    const model = readModelFile(values.model!);
    const images = await bundleImages(resolve(values.bundle!));
    const outcome = await computeFeatures(
      {
        model: { name: model.name, bytes: model.bytes },
        taps,
        preprocessing: model.preprocessing,
        pool,
        choices: { percent, pca },
        batchSize,
      },
      images,
      nodeEngine(),
      async () => memoryCacheEntry(),
      terminalProgress('features'),
    ).catch((error: Error) => {
      throw new Error(`${values.model}: ${error.message}`, { cause: error });
    });
    const out = resolve(values.out!);
    writeBundleFile(out, (file) => writeFeatures(file, outcome.set), await initH5(h5wasm));
    console.log(
      `wrote ${out}: ${images.count} images, ${outcome.imagesPerSecond.toFixed(1)} images/s (preprocessing: ${model.preprocessingSource})`,
    );
    for (const l of outcome.set.layers)
      console.log(
        `  ${l.name}: ${describeGeometry(l.geometry)} → ${l.channels.length} channels × ${l.pool}² cells` +
          (l.pca ? ` → ${l.dim} PCA components` : '') +
          ` = ${l.dim} features`,
      );
    return 0;
  },
};
