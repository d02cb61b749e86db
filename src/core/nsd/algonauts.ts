/**
 * Algonauts 2023 challenge data → subject bundle. Its fMRI is already z-scored per session and averaged
 * over repetitions on fsaverage "challenge" vertices, with one .npy per hemisphere and one PNG per image.
 * The challenge withheld test fMRI; when it is absent, every 10th training image (by row) becomes the
 * test set, and the bundle says so.
 */
import type { ResponseSplit, RoiSet, SubjectBundle } from '../bundle/types';
import { decodePng } from '../formats/png';
import { readNpy, type NpyArray } from '../formats/npy';
import { resizeRgb } from '../image/resize';
import { subContext, type JobContext } from '../jobs/progress';
import { InputFileError } from './betas';
import type { BuildResult } from './build';
import { baseName, type InputFile } from './inputs';
import { namesFor } from './labels';
import { recognize, type FileKind, type Hemi } from './recognize';

export interface AlgonautsOptions {
  subject: number;
  imageSize: number;
  appVersion: string;
  created: string;
}

const HEMIS: Hemi[] = ['lh', 'rh'];
/** Without test fMRI, every HOLDOUT-th training image is held out for testing. */
const HOLDOUT = 10;

type Kind<K extends FileKind['kind']> = Extract<FileKind, { kind: K }>;

async function npy(file: InputFile): Promise<NpyArray> {
  try {
    return readNpy(await file.bytes());
  } catch (error) {
    throw new InputFileError(`${baseName(file.path)}: ${(error as Error).message}`, { cause: error });
  }
}

function floats(array: NpyArray): Float64Array {
  return Float64Array.from(array.data as ArrayLike<number>);
}

export async function buildAlgonautsBundle(
  files: InputFile[],
  options: AlgonautsOptions,
  ctx: JobContext,
): Promise<BuildResult> {
  const located = files
    .map((file) => ({ file, info: recognize(file.path, file.size) }))
    .filter(({ info }) => info.subject === undefined || info.subject === options.subject);
  const find = <K extends FileKind['kind']>(kind: K, test: (t: Kind<K>) => boolean = () => true) =>
    located.flatMap(({ file, info }) =>
      info.type.kind === kind && test(info.type as Kind<K>) ? [{ file, type: info.type as Kind<K> }] : [],
    );
  const warnings: string[] = [];

  const fmri = (split: 'training' | 'test', hemi: Hemi) =>
    find('algonauts-fmri', (t) => t.split === split && t.hemi === hemi)[0]?.file;
  const hemis = HEMIS.filter((h) => fmri('training', h));
  if (hemis.length === 0)
    throw new InputFileError('cannot build a bundle: no training_fmri/{lh,rh}_training_fmri.npy');
  const hasTest = hemis.every((h) => fmri('test', h));
  const images = (split: 'train' | 'test') =>
    find('algonauts-image', (t) => t.split === split).sort((a, b) => a.type.index - b.type.index);
  const trainImages = images('train');
  const testImages = hasTest ? images('test') : [];

  // Units: challenge vertices, placed on fsaverage by the all-vertices mask when it is there.
  await ctx.checkpoint(0, 'reading fMRI');
  const blocks: { hemi: Hemi; train: NpyArray; test?: NpyArray; index: Int32Array }[] = [];
  for (const hemi of hemis) {
    const train = await npy(fmri('training', hemi)!);
    const name = baseName(fmri('training', hemi)!.path);
    if (train.shape.length !== 2)
      throw new InputFileError(`${name}: shape (${train.shape.join(', ')}); expected (images, vertices)`);
    if (train.shape[0] !== trainImages.length) {
      throw new InputFileError(
        `${name} has ${train.shape[0]} rows but there are ${trainImages.length} training images`,
      );
    }
    const test = hasTest ? await npy(fmri('test', hemi)!) : undefined;
    const mask = find('algonauts-vertices', (t) => t.hemi === hemi)[0];
    let index = Int32Array.from({ length: train.shape[1] }, (_, i) => i);
    if (mask) {
      const values = floats(await npy(mask.file));
      index = Int32Array.from(values.keys()).filter((v) => values[v] !== 0);
      if (index.length !== train.shape[1]) {
        throw new InputFileError(
          `${baseName(mask.file.path)} marks ${index.length} vertices but ${name} has ${train.shape[1]}`,
        );
      }
    } else {
      warnings.push(
        `no ${hemi}.all-vertices_fsaverage_space.npy: unit indices are positions in the challenge space`,
      );
    }
    blocks.push({ hemi, train, test, index });
  }
  const unitCount = blocks.reduce((n, b) => n + b.index.length, 0);

  // Rows: all training rows, or the training rows minus the held-out ones.
  const heldOut = (row: number) => !hasTest && row % HOLDOUT === HOLDOUT - 1;
  const trainRows = trainImages.map((_, r) => r).filter((r) => !heldOut(r));
  const testRows = hasTest ? testImages.map((_, r) => r) : trainImages.map((_, r) => r).filter(heldOut);
  if (!hasTest)
    warnings.push(`no test fMRI: every ${HOLDOUT}th training image (${testRows.length}) is the test set`);
  const gather = (rows: number[], source: 'train' | 'test'): Float32Array => {
    const out = new Float32Array(rows.length * unitCount);
    let column = 0;
    for (const block of blocks) {
      const data = (source === 'train' ? block.train : block.test!).data as Float32Array;
      const width = block.index.length;
      rows.forEach((row, r) => {
        for (let v = 0; v < width; v++) out[r * unitCount + column + v] = data[row * width + v];
      });
      column += width;
    }
    return out;
  };
  const split = (rows: number[], source: 'train' | 'test', list: typeof trainImages): ResponseSplit => ({
    responses: gather(rows, source),
    nsdIds: Int32Array.from(rows, (r) => list[r].type.nsdId),
    // The challenge files do not say how many trials each average holds: 0 = unknown.
    repetitions: new Uint8Array(rows.length),
  });
  const train = split(trainRows, 'train', trainImages);
  const test = hasTest ? split(testRows, 'test', testImages) : split(testRows, 'train', trainImages);

  // Noise ceilings (organisers' files, when present); ROI sets per challenge vertex.
  const noiseCeiling = new Float32Array(unitCount).fill(NaN);
  const rois = new Map<string, Int32Array>();
  let offset = 0;
  for (const block of blocks) {
    const nc = find('algonauts-noise-ceiling', (t) => t.hemi === block.hemi)[0];
    if (nc) {
      const values = floats(await npy(nc.file));
      const percent = values.every((v) => !(v > 1)) ? 100 : 1;
      block.index.forEach((_, v) => (noiseCeiling[offset + v] = values[v] * percent));
    }
    for (const roi of find('algonauts-roi', (t) => t.hemi === block.hemi)) {
      const values = floats(await npy(roi.file));
      if (values.length !== block.index.length) {
        throw new InputFileError(
          `${baseName(roi.file.path)} has ${values.length} values for ${block.index.length} vertices`,
        );
      }
      const labels = rois.get(roi.type.name) ?? new Int32Array(unitCount);
      values.forEach((v, i) => (labels[offset + i] = Math.max(0, Math.round(v))));
      rois.set(roi.type.name, labels);
    }
    offset += block.index.length;
  }
  if (Number.isNaN(noiseCeiling[0]))
    warnings.push('no noise_ceiling/*.npy: noise ceilings are unknown (NaN)');
  const roiSets: RoiSet[] = [...rois].map(([name, labels]) => ({
    name,
    labels,
    labelNames: namesFor(
      name,
      labels.reduce((m, v) => Math.max(m, v), 0),
    ),
  }));

  // Stimuli: every bundle image, decoded and resized, in ascending nsd id.
  const all = [...trainImages, ...testImages].sort((a, b) => a.type.nsdId - b.type.nsdId);
  const size = options.imageSize;
  const pixels = new Uint8Array(all.length * size * size * 3);
  const imagesCtx = subContext(ctx, 0.1, 0.98);
  for (let i = 0; i < all.length; i++) {
    const png = await decodePng(await all[i].file.bytes()).catch((error: Error) => {
      throw new InputFileError(`${baseName(all[i].file.path)}: ${error.message}`, { cause: error });
    });
    pixels.set(resizeRgb(png.rgb, png.width, png.height, size, size), i * size * size * 3);
    await imagesCtx.checkpoint((i + 1) / all.length, `image ${i + 1} of ${all.length}`);
  }

  const index = Int32Array.from(blocks.flatMap((b) => Array.from(b.index)));
  const hemisphere = Uint8Array.from(
    blocks.flatMap((b) => new Array<number>(b.index.length).fill(b.hemi === 'lh' ? 0 : 1)),
  );
  const bundle: SubjectBundle = {
    subject: `subj${String(options.subject).padStart(2, '0')}`,
    space: 'fsaverage',
    units: { count: unitCount, index, hemisphere },
    noiseCeiling,
    train,
    test,
    rois: roiSets,
    stimuli: { size, images: pixels, nsdIds: Int32Array.from(all, (a) => a.type.nsdId) },
    provenance: {
      source: 'algonauts2023',
      appVersion: options.appVersion,
      created: options.created,
      details: {
        subject: options.subject,
        testSet: hasTest ? 'test_fmri' : `every ${HOLDOUT}th training image`,
        hemispheres: hemis.join(','),
      },
      files: located
        .filter(({ info }) => info.type.kind.startsWith('algonauts-') && info.type.kind !== 'algonauts-image')
        .map(({ file }) => ({ path: file.path, size: file.size })),
    },
  };
  await ctx.checkpoint(1, 'bundle ready');
  return { bundle, excludedUnits: 0, warnings };
}
