/** `boldstudio demo --out DIR`: write the built-in demo subject as a subject bundle (HDF5). */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { writeBundle } from '../../core/bundle/hdf5';
import { summarizeBundle } from '../../core/bundle/summary';
import { DEFAULT_DEMO, generateDemoSubject } from '../../core/demo';
import { initH5 } from '../../core/formats/h5';
import { writeBundleFile } from './bundle';
import { UsageError, type Command } from '../command';
import { terminalProgress } from '../progress';

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'write the built-in demo subject to DIR as a subject bundle (HDF5)',
  usage: 'boldstudio demo --out DIR [--seed N] [--images N] [--test-images N]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        images: { type: 'string' },
        'test-images': { type: 'string' },
      },
    });
    if (!values.out) throw new UsageError('--out DIR is required');
    const imageCount = positiveInt('images', values.images, DEFAULT_DEMO.imageCount);
    const options = {
      ...DEFAULT_DEMO,
      seed: positiveInt('seed', values.seed, DEFAULT_DEMO.seed),
      imageCount,
      testCount: positiveInt(
        'test-images',
        values['test-images'],
        Math.max(1, Math.round((imageCount * DEFAULT_DEMO.testCount) / DEFAULT_DEMO.imageCount)),
      ),
    };
    const bundle = await generateDemoSubject(options, terminalProgress('demo subject'));
    const dir = resolve(values.out);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${bundle.subject}.h5`);
    writeBundleFile(path, (file) => writeBundle(file, bundle), await initH5(h5wasm));
    const s = summarizeBundle(bundle);
    console.log(
      `wrote ${path}\n  ${s.subject} (${s.space}): ${s.units} units, ${s.trainImages} train / ${s.testImages} test images, ` +
        `median noise ceiling ${s.medianNoiseCeiling.toFixed(1)} %\n  ROIs: ${s.rois
          .map((r) => r.labels.map((l) => l.name).join(', '))
          .join('; ')}`,
    );
    return 0;
  },
};
