/**
 * `boldstudio fit --bundle B.h5 --model M.onnx --layers a,b [--percent P] [--pool k] [--pca n] --out encoder.h5`:
 * extracts the layers' features for the bundle's images, fits one ridge readout per unit on them (and each
 * layer alone, and a shuffled-image control), scores it on the bundle's test images, writes the encoder
 * (HDF5) and prints the summary table.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import type { Encoder } from '../../core/fit/encoder';
import { writeEncoder } from '../../core/fit/encoderHdf5';
import { fitEncoder } from '../../core/fit/fitEncoder';
import { initH5 } from '../../core/formats/h5';
import { UsageError, type Command } from '../command';
import { bundleFeatures, featureOptions, layerLines, parseFeatureArgs, readBundleFile } from '../featureArgs';
import { cliGemm } from '../nativeOrt';
import { readModelFile } from '../modelFile';
import { terminalProgress } from '../progress';
import { version } from '../version';
import { cvRule, parseAlphas, positiveInt } from './ridge';
import { writeBundleFile } from './bundle';

const fixed = (x: number, digits = 3) => (Number.isNaN(x) ? '—' : x.toFixed(digits));

/** The summary table: accuracy per ROI, each layer alone, and the chance level. */
export function summaryLines(encoder: Encoder): string[] {
  const { metrics } = encoder;
  const lines = ['', 'ROI                    units   median r   % of noise ceiling'];
  for (const s of metrics.rois)
    lines.push(
      `${(s.set === 'all' ? 'all units' : `${s.set} ${s.label}`).padEnd(20)} ${String(s.units).padStart(7)}` +
        `   ${fixed(s.medianR).padStart(8)}   ${fixed(s.medianNcNormalized, 1).padStart(8)}`,
    );
  if (metrics.layers.length > 0) {
    lines.push('', 'layer alone            median r   best layer of');
    metrics.layers.forEach((layer, l) => {
      const wins = metrics.bestLayer!.filter((b) => b === l).length;
      lines.push(
        `${layer.name.padEnd(20)}   ${fixed(layer.medianR).padStart(8)}   ${wins} units (${((100 * wins) / encoder.units.count).toFixed(1)} %)`,
      );
    });
  }
  if (metrics.control) lines.push('', `shuffled-image control: median r ${fixed(metrics.control.medianR)}`);
  return lines;
}

export const fitCommand: Command = {
  name: 'fit',
  summary:
    'fit an encoding model (backbone features → ridge readout per unit), evaluate it and write the encoder',
  usage:
    'boldstudio fit --bundle B.h5 --model M.onnx --layers a,b [--percent 25] [--pool 1] [--pca 0] ' +
    '[--cv gcv|kfold] [--folds 5] [--alphas a,b,…] [--no-control] [--batch 16] [--threads N] --out encoder.h5',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...featureOptions,
        cv: { type: 'string' },
        folds: { type: 'string' },
        alphas: { type: 'string' },
        'no-control': { type: 'boolean' },
        threads: { type: 'string' },
        out: { type: 'string' },
      },
    });
    const args = parseFeatureArgs(values, 25);
    if (!values.out) throw new UsageError('--out is required');
    const cv = cvRule(values.cv, values.folds);
    const folds = values.folds === undefined ? undefined : positiveInt('folds', values.folds);
    const alphas = values.alphas === undefined ? undefined : parseAlphas(values.alphas);
    const threads = values.threads === undefined ? undefined : positiveInt('threads', values.threads);

    const model = readModelFile(values.model!);
    const bundlePath = resolve(values.bundle!);
    const bundle = await readBundleFile(bundlePath);
    const features = await bundleFeatures(model, bundle, args);
    console.log(`features of ${model.name} for ${features.set.nsdIds.length} images:`);
    for (const line of layerLines(features.set)) console.log(line);

    const gemm = await cliGemm(threads);
    let encoder;
    try {
      const progress = terminalProgress('fit');
      encoder = await fitEncoder(
        features.set,
        bundle,
        { cv, folds, alphas, control: !values['no-control'], gemm, appVersion: version() },
        progress,
      ).catch((error: Error) => {
        throw new Error(`${bundlePath}: ${error.message}`, { cause: error });
      });
    } finally {
      await gemm.release();
    }
    encoder.recipe.model.modelPath = resolve(model.path);

    const out = resolve(values.out);
    writeBundleFile(out, (file) => writeEncoder(file, encoder), await initH5(h5wasm));
    const { readout } = encoder;
    console.log(
      `\nfitted ${encoder.subject} (${encoder.space}): ${readout.v} units on ${readout.d} features, ` +
        `α per unit by ${readout.cv === 'gcv' ? 'GCV' : `${readout.folds}-fold CV`}, ` +
        `${bundle.train.nsdIds.length} training / ${bundle.test.nsdIds.length} test images`,
    );
    for (const line of summaryLines(encoder)) console.log(line);
    console.log(`\nwrote ${out}`);
    return 0;
  },
};
