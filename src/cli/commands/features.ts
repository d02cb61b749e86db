/**
 * `boldstudio features --model M.onnx --layers a,b --bundle B.h5 --out F.h5 [--percent 25] [--pool 4] [--pca 512]`:
 * the same extraction and reduction as the studio's Backbone panel, written as a feature file (HDF5).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { writeFeatures } from '../../core/backbone/featuresHdf5';
import { initH5 } from '../../core/formats/h5';
import { UsageError, type Command } from '../command';
import { bundleFeatures, featureOptions, layerLines, parseFeatureArgs, readBundleFile } from '../featureArgs';
import { readModelFile } from '../modelFile';
import { writeBundleFile } from './bundle';

export const featuresCommand: Command = {
  name: 'features',
  summary: "extract a backbone's reduced layer features for a bundle's images (HDF5)",
  usage:
    'boldstudio features --model M.onnx --layers a,b --bundle B.h5 --out F.h5 [--percent 25] [--pool 4] [--pca 512] [--batch 16]',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { ...featureOptions, out: { type: 'string' } } });
    const args = parseFeatureArgs(values, 100);
    if (!values.out) throw new UsageError('--out is required');
    const model = readModelFile(values.model!);
    const outcome = await bundleFeatures(model, await readBundleFile(resolve(values.bundle!)), args);
    const out = resolve(values.out);
    writeBundleFile(out, (file) => writeFeatures(file, outcome.set), await initH5(h5wasm));
    console.log(
      `wrote ${out}: ${outcome.set.nsdIds.length} images, ${outcome.imagesPerSecond.toFixed(1)} images/s (preprocessing: ${model.preprocessingSource})`,
    );
    for (const line of layerLines(outcome.set)) console.log(line);
    return 0;
  },
};
