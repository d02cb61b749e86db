/**
 * `boldstudio bundle --nsd ROOT --subject 1 --space func1pt8mm --roi nsdgeneral --out bundle.h5`:
 * the same subject bundle the studio builds from dropped files.
 */
import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { writeBundle } from '../../core/bundle/hdf5';
import { summarizeBundle } from '../../core/bundle/summary';
import { initH5, openH5 } from '../../core/formats/h5';
import { buildAlgonautsBundle } from '../../core/nsd/algonauts';
import { buildNsdBundle } from '../../core/nsd/build';
import type { Hemi, NsdSpace } from '../../core/nsd/recognize';
import { UsageError, type Command } from '../command';
import { nodeInputs } from '../nodeInputs';
import { terminalProgress } from '../progress';
import { version } from '../version';

const SPACES: NsdSpace[] = ['func1pt8mm', 'func1mm', 'nativesurface', 'fsaverage'];

/** Write to a temporary name and rename at the end, so a failed or cancelled run leaves no partial bundle. */
export function writeBundleFile(
  path: string,
  write: (file: ReturnType<typeof openH5>) => void,
  lib: Parameters<typeof openH5>[0],
) {
  const partial = `${path}.partial`;
  const file = openH5(lib, partial, 'w');
  try {
    write(file);
    file.close();
    renameSync(partial, path);
  } catch (error) {
    file.close();
    rmSync(partial, { force: true });
    throw error;
  }
}

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'build a subject bundle (HDF5) from a local NSD tree or Algonauts 2023 folder',
  usage:
    'boldstudio bundle (--nsd ROOT --space func1pt8mm|func1mm|nativesurface|fsaverage [--hemi lh|rh] [--roi NAME] ' +
    '| --algonauts DIR) [--subject N] [--image-size 224] --out bundle.h5',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        nsd: { type: 'string' },
        algonauts: { type: 'string' },
        subject: { type: 'string' },
        space: { type: 'string' },
        hemi: { type: 'string' },
        roi: { type: 'string' },
        'image-size': { type: 'string' },
        out: { type: 'string' },
      },
    });
    if (!values.nsd === !values.algonauts) throw new UsageError('give one of --nsd ROOT or --algonauts DIR');
    if (!values.out) throw new UsageError('--out FILE is required');
    const subject = Number(values.subject ?? '1');
    if (!Number.isInteger(subject) || subject < 1 || subject > 8)
      throw new UsageError('--subject must be 1..8');
    const space = (values.space ?? 'func1pt8mm') as NsdSpace;
    if (!SPACES.includes(space)) throw new UsageError(`--space must be one of ${SPACES.join(', ')}`);
    if (values.hemi && values.hemi !== 'lh' && values.hemi !== 'rh')
      throw new UsageError('--hemi must be lh or rh');
    const imageSize = Number(values['image-size'] ?? '224');
    if (!Number.isInteger(imageSize) || imageSize < 8 || imageSize > 1024)
      throw new UsageError('--image-size must be 8..1024');

    const lib = await initH5(h5wasm);
    const common = { subject, imageSize, appVersion: version(), created: new Date().toISOString() };
    const progress = terminalProgress('bundle');
    const { files, openHdf5 } = nodeInputs((values.nsd ?? values.algonauts)!);
    const result = values.algonauts
      ? await buildAlgonautsBundle(files, common, progress)
      : await buildNsdBundle(
          files,
          { ...common, space, hemi: values.hemi as Hemi | undefined, roi: values.roi },
          openHdf5,
          progress,
        );
    const out = resolve(values.out);
    writeBundleFile(out, (file) => writeBundle(file, result.bundle), lib);
    const s = summarizeBundle(result.bundle);
    console.log(
      `wrote ${out}\n  ${s.subject} ${s.space}: ${s.units} units, ${s.trainImages} train / ${s.testImages} test images, ` +
        `median noise ceiling ${s.medianNoiseCeiling.toFixed(1)} %, ROI sets: ${s.rois.map((r) => r.name).join(', ')}`,
    );
    for (const warning of result.warnings) console.log(`  note: ${warning}`);
    return 0;
  },
};
