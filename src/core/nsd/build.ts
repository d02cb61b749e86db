/**
 * NSD files → subject bundle. One session at a time: read the chosen units, z-score each unit over
 * the session's 750 trials, add into per-image sums; then average repetitions, split test =
 * shared1000 / train = the rest (ascending nsd id), attach noise ceilings, ROI sets and stimuli.
 * Peak memory: the bundle's own arrays plus one session's masked betas.
 */
import type {
  Hemisphere,
  ResponseSplit,
  RoiSet,
  SourceFileRecord,
  SubjectBundle,
  Units,
} from '../bundle/types';
import { labelNames, parseCtab } from '../formats/ctab';
import { readSurface } from '../formats/freesurfer';
import { readMgh } from '../formats/mgh';
import { readNifti, scaled } from '../formats/nifti';
import { resizeRgb } from '../image/resize';
import { subContext, type JobContext } from '../jobs/progress';
import { groupBySlice, InputFileError, openDataset, openSession, type UnitLayout } from './betas';
import {
  checkCoverage,
  DesignError,
  designFromMat,
  designFromResponses,
  designFromStimInfo,
  TRIALS_PER_SESSION,
  type TrialDesign,
} from './design';
import { baseName, sha256Hex, type InputFile, type OpenHdf5 } from './inputs';
import { namesFor } from './labels';
import { selectSources, type BundleRequest, type BundleSources, type Located } from './select';

export interface BuildOptions extends BundleRequest {
  /** Side of the square stimulus images stored in the bundle. */
  imageSize: number;
  appVersion: string;
  /** ISO time stamp for provenance (passed in so the build itself stays deterministic). */
  created: string;
}

export interface BuildResult {
  bundle: SubjectBundle;
  /** Units dropped for zero variance or NaN in some session. */
  excludedUnits: number;
  warnings: string[];
}

/** Files under this size are hashed for provenance; betas and stimuli are identified by name and size. */
const HASH_LIMIT = 64 * 2 ** 20;

async function loadDesign(
  design: NonNullable<BundleSources['design']>,
  subject: number,
): Promise<TrialDesign> {
  const name = baseName(design.file.path);
  const bytes = await design.file.bytes();
  try {
    if (design.type.kind === 'design-mat') return await designFromMat(bytes, subject, name);
    const text = new TextDecoder().decode(bytes);
    return design.type.kind === 'design-responses'
      ? designFromResponses(text, subject, name)
      : designFromStimInfo(text, subject, name);
  } catch (error) {
    if (error instanceof DesignError) throw error;
    throw new InputFileError(`${name}: ${(error as Error).message}`, { cause: error });
  }
}

/** Per-unit values of a volume (NIfTI) or surface (MGH) map, checked against the betas' grid. */
async function unitValues(
  file: InputFile,
  volume: boolean,
  grid: number[],
  index: Int32Array,
): Promise<Float64Array> {
  const bytes = await file.bytes();
  const name = baseName(file.path);
  let data: ArrayLike<number>;
  let dims: number[];
  if (volume) {
    const image = await readNifti(bytes);
    data = scaled(image);
    dims = image.shape.slice(0, 3);
    if (dims.join('×') !== grid.join('×')) {
      throw new InputFileError(
        `${name} is on a ${dims.join('×')} grid, but the betas are ${grid.join('×')}: the ROI is on another grid`,
      );
    }
  } else {
    const mgh = await readMgh(bytes);
    data = mgh.data;
    if (mgh.dims[0] !== grid[0]) {
      throw new InputFileError(`${name} has ${mgh.dims[0]} vertices, but the betas have ${grid[0]}`);
    }
  }
  return Float64Array.from(index, (i) => data[i]);
}

async function niftiAffine(file: InputFile): Promise<Float64Array> {
  const image = await readNifti(await file.bytes());
  return Float64Array.from(image.affine.flat());
}

interface Slots {
  trainIds: Int32Array;
  testIds: Int32Array;
  /** nsd id → row in its split (train rows, then test rows offset by trainIds.length). */
  slot: Map<number, number>;
  repetitions: Uint8Array;
}

function imageSlots(design: TrialDesign, sessions: number[]): Slots {
  const reps = new Map<number, number>();
  const shared = new Map<number, boolean>();
  for (const s of sessions) {
    for (let k = 0; k < TRIALS_PER_SESSION; k++) {
      const t = (s - 1) * TRIALS_PER_SESSION + k;
      const id = design.nsdIds[t];
      reps.set(id, (reps.get(id) ?? 0) + 1);
      shared.set(id, design.shared[t] === 1);
    }
  }
  const ids = [...reps.keys()].sort((a, b) => a - b);
  const trainIds = Int32Array.from(ids.filter((id) => !shared.get(id)));
  const testIds = Int32Array.from(ids.filter((id) => shared.get(id)));
  const slot = new Map<number, number>();
  trainIds.forEach((id, i) => slot.set(id, i));
  testIds.forEach((id, i) => slot.set(id, trainIds.length + i));
  const repetitions = new Uint8Array(ids.length);
  for (const [id, row] of slot) repetitions[row] = Math.min(255, reps.get(id)!);
  return { trainIds, testIds, slot, repetitions };
}

/**
 * Per-unit mean and 1/SD (population) over a session's trials, read row by row; units with no variance
 * or NaN are flagged (their 1/SD is 0). The z-scoring itself happens while accumulating.
 */
function sessionStats(
  data: Float32Array,
  units: number,
  invalid: Uint8Array,
): { mean: Float64Array; inv: Float64Array } {
  const n = data.length / units;
  const mean = new Float64Array(units);
  const inv = new Float64Array(units);
  for (let k = 0; k < n; k++) for (let u = 0; u < units; u++) mean[u] += data[k * units + u];
  for (let u = 0; u < units; u++) mean[u] /= n;
  for (let k = 0; k < n; k++) {
    for (let u = 0; u < units; u++) inv[u] += (data[k * units + u] - mean[u]) ** 2;
  }
  for (let u = 0; u < units; u++) {
    const sd = Math.sqrt(inv[u] / n);
    if (sd > 0) inv[u] = 1 / sd;
    else {
      invalid[u] = 1;
      inv[u] = 0;
    }
  }
  return { mean, inv };
}

/** NSD's recipe: from images with exactly 3 trials, v² = mean trial variance; ncsnr = sqrt(1 − v²)/v. */
function ncsnrFromData(
  sums: Float32Array,
  sumsq: Float32Array,
  repetitions: Uint8Array,
  units: number,
): Float64Array {
  const total = new Float64Array(units);
  let count = 0;
  for (let row = 0; row < repetitions.length; row++) {
    if (repetitions[row] !== 3) continue;
    for (let u = 0; u < units; u++) {
      const s = sums[row * units + u];
      total[u] += (sumsq[row * units + u] - (s * s) / 3) / 2;
    }
    count++;
  }
  return total.map((t) => {
    const v2 = t / count;
    return count > 0 && v2 > 0 ? Math.sqrt(Math.max(0, 1 - v2)) / Math.sqrt(v2) : NaN;
  });
}

/** Noise ceiling (%) of averages over test images with mixed repetition counts (NSD / Algonauts). */
export function noiseCeilingPercent(ncsnr: number, testRepetitions: ArrayLike<number>): number {
  let meanInverse = 0;
  for (let i = 0; i < testRepetitions.length; i++) meanInverse += 1 / testRepetitions[i];
  meanInverse /= testRepetitions.length;
  const s2 = ncsnr * ncsnr;
  return (100 * s2) / (s2 + meanInverse);
}

async function readStimuli(
  stimuli: Located<'stimuli'>,
  openHdf5: OpenHdf5,
  ids: Int32Array,
  size: number,
  ctx: JobContext,
): Promise<Uint8Array> {
  const { h5, dataset } = openDataset(stimuli.file, openHdf5, 'imgBrick');
  try {
    const shape = dataset.shape ?? [];
    const name = baseName(stimuli.file.path);
    if (shape.length !== 4 || shape[3] !== 3) {
      throw new InputFileError(
        `${name}: /imgBrick has shape (${shape.join(', ')}); expected (images, height, width, 3)`,
      );
    }
    const [count, height, width] = shape;
    const frame = height * width * 3;
    const out = new Uint8Array(ids.length * size * size * 3);
    for (let i = 0; i < ids.length;) {
      if (ids[i] >= count) throw new InputFileError(`${name}: image ${ids[i]} is beyond its ${count} images`);
      // One read per run of consecutive ids (chunks are one image each in NSD's file).
      let end = i + 1;
      while (end < ids.length && ids[end] === ids[end - 1] + 1 && end - i < 64) end++;
      const run = dataset.slice([[ids[i], ids[end - 1] + 1]]) as Uint8Array;
      for (let j = i; j < end; j++) {
        const image = run.subarray((j - i) * frame, (j - i + 1) * frame);
        out.set(resizeRgb(image, width, height, size, size), j * size * size * 3);
      }
      i = end;
      await ctx.checkpoint(i / ids.length, `image ${i} of ${ids.length}`);
    }
    return out;
  } finally {
    h5.close();
  }
}

async function roiSets(
  sources: BundleSources,
  volume: boolean,
  grid: number[],
  index: Int32Array,
): Promise<RoiSet[]> {
  const sets: RoiSet[] = [];
  for (const roi of sources.rois) {
    const values = await unitValues(roi.file, volume, grid, index);
    // NSD volumes use -1 for "not cortex": no label, like 0.
    const labels = Int32Array.from(values, (v) => (v > 0 ? Math.round(v) : 0));
    const table = sources.labelTables.get(roi.type.name);
    const names = table ? labelNames(parseCtab(new TextDecoder().decode(await table.bytes()))) : undefined;
    const max = labels.reduce((m, v) => Math.max(m, v), 0);
    sets.push({ name: roi.type.name, labels, labelNames: namesFor(roi.type.name, max, names) });
  }
  return sets;
}

async function hemisphereMeshes(
  sources: BundleSources,
  hemi: 'lh' | 'rh',
  vertices: number,
): Promise<Hemisphere[] | undefined> {
  if (sources.surfaces.length === 0) return undefined;
  const surfaces: Hemisphere['surfaces'] = {};
  for (const s of sources.surfaces) {
    const mesh = readSurface(await s.file.bytes());
    if (mesh.positions.length / 3 !== vertices) {
      throw new InputFileError(
        `${baseName(s.file.path)} has ${mesh.positions.length / 3} vertices, but the betas have ${vertices}`,
      );
    }
    surfaces[s.type.surface] = mesh;
  }
  // No sulcal depth among NSD's inputs: a flat zero map shades the surface uniformly.
  return [{ name: hemi, surfaces, sulc: new Float32Array(vertices) }];
}

async function provenanceFiles(files: InputFile[], big: Set<InputFile>): Promise<SourceFileRecord[]> {
  const out: SourceFileRecord[] = [];
  for (const file of files) {
    const record: SourceFileRecord = { path: file.path, size: file.size };
    if (!big.has(file) && file.size < HASH_LIMIT) record.sha256 = await sha256Hex(await file.bytes());
    out.push(record);
  }
  return out;
}

function compactColumns(data: Float32Array, units: number, keep: Int32Array): Float32Array {
  const rows = data.length / units;
  const out = new Float32Array(rows * keep.length);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < keep.length; j++) out[r * keep.length + j] = data[r * units + keep[j]];
  return out;
}

export async function buildNsdBundle(
  files: InputFile[],
  options: BuildOptions,
  openHdf5: OpenHdf5,
  ctx: JobContext,
): Promise<BuildResult> {
  const sources = selectSources(files, options);
  if (sources.missing.length)
    throw new InputFileError(`cannot build a bundle: ${sources.missing.join('; ')}`);
  const volume = options.space === 'func1pt8mm' || options.space === 'func1mm';
  const warnings: string[] = [];
  const sessions = sources.betas.map((b) => b.type.session);
  const betaName = (s: number) => baseName(sources.betas.find((b) => b.type.session === s)!.file.path);

  await ctx.checkpoint(0, 'reading the design');
  const design = await loadDesign(sources.design!, options.subject);
  checkCoverage(design, sessions, betaName);

  // Units and geometry from the first session's file and the mask ROI.
  const formatOf = (b: (typeof sources.betas)[number]) =>
    b.type.kind === 'betas-volume' ? 'volume' : b.type.format === 'mgh' ? 'mgh' : 'hdf5-surface';
  const first = await openSession(sources.betas[0].file, formatOf(sources.betas[0]), openHdf5);
  const spatial = first.spatialShape;
  first.close();
  const grid = volume ? [spatial[2], spatial[1], spatial[0]] : [spatial[0]];
  const maskFile = sources.rois.find((r) => r.type.name === options.roi)?.file;
  const allIndices = Int32Array.from({ length: grid.reduce((a, b) => a * b, 1) }, (_, i) => i);
  const maskValues = maskFile ? await unitValues(maskFile, volume, grid, allIndices) : undefined;
  const index = Int32Array.from(allIndices.filter((i) => !maskValues || maskValues[i] > 0));
  if (index.length === 0) throw new InputFileError(`${options.roi} selects no units (no label > 0)`);
  const unitCount = index.length;
  const voxels = volume ? new Int32Array(unitCount * 3) : undefined;
  if (voxels) {
    const [X, Y] = grid;
    index.forEach((flat, u) =>
      voxels.set([flat % X, Math.floor(flat / X) % Y, Math.floor(flat / (X * Y))], u * 3),
    );
  }
  const layout: UnitLayout = voxels
    ? { count: unitCount, groups: groupBySlice(voxels) }
    : { count: unitCount, vertices: index };

  const slots = imageSlots(design, sessions);
  const rows = slots.repetitions.length;
  const sums = new Float32Array(rows * unitCount);
  let sumsq = sources.ncsnr ? undefined : new Float32Array(rows * unitCount);
  const invalid = new Uint8Array(unitCount);

  const sessionsCtx = subContext(ctx, 0.02, 0.85);
  for (let i = 0; i < sources.betas.length; i++) {
    const { file, type } = sources.betas[i];
    const step = subContext(sessionsCtx, i / sources.betas.length, (i + 1) / sources.betas.length);
    await step.checkpoint(0, `session ${type.session} (${baseName(file.path)})`);
    const session = await openSession(file, formatOf(sources.betas[i]), openHdf5);
    let data: Float32Array;
    try {
      if (session.spatialShape.join(',') !== spatial.join(',')) {
        throw new InputFileError(
          `${baseName(file.path)}: betas are (750, ${session.spatialShape.join(', ')}), unlike session ${sessions[0]}'s (750, ${spatial.join(', ')})`,
        );
      }
      data = await session.read(layout, subContext(step, 0, 0.9));
    } finally {
      session.close();
    }
    const { mean, inv } = sessionStats(data, unitCount, invalid);
    for (let k = 0; k < TRIALS_PER_SESSION; k++) {
      const row = slots.slot.get(design.nsdIds[(type.session - 1) * TRIALS_PER_SESSION + k])!;
      const base = row * unitCount;
      const src = k * unitCount;
      for (let u = 0; u < unitCount; u++) {
        const z = (data[src + u] - mean[u]) * inv[u];
        sums[base + u] += z;
        if (sumsq) sumsq[base + u] += z * z;
      }
    }
    await step.checkpoint(1, `session ${type.session} done`);
  }

  // Noise ceiling per unit, before sums become means.
  const testReps = slots.repetitions.subarray(slots.trainIds.length);
  let ncsnr: Float64Array;
  if (sources.ncsnr) {
    ncsnr = await unitValues(sources.ncsnr.file, volume, grid, index);
  } else {
    ncsnr = ncsnrFromData(sums, sumsq!, slots.repetitions, unitCount);
    // Drop the reference so the collector can free one images × units array before the copies below.
    // eslint-disable-next-line no-useless-assignment
    sumsq = undefined;
    warnings.push('no ncsnr file: noise ceilings were computed from the data (images with 3 trials)');
  }
  for (let row = 0; row < rows; row++) {
    const inv = 1 / slots.repetitions[row];
    for (let u = 0; u < unitCount; u++) sums[row * unitCount + u] *= inv;
  }

  const keep = Int32Array.from({ length: unitCount }, (_, u) => u).filter((u) => !invalid[u]);
  const excludedUnits = unitCount - keep.length;
  if (excludedUnits)
    warnings.push(`${excludedUnits} units had zero variance or NaN in some session and were excluded`);
  const pick = <T extends Int32Array | Uint8Array>(a: T, width = 1) => {
    const out = new (a.constructor as new (n: number) => T)(keep.length * width);
    keep.forEach((u, j) => out.set(a.subarray(u * width, (u + 1) * width), j * width));
    return out;
  };
  const responses = excludedUnits ? compactColumns(sums, unitCount, keep) : sums;
  const nTrain = slots.trainIds.length;
  const split = (ids: Int32Array, from: number): ResponseSplit => ({
    responses: responses.subarray(from * keep.length, (from + ids.length) * keep.length),
    nsdIds: ids,
    repetitions: slots.repetitions.slice(from, from + ids.length),
  });

  const units: Units = volume
    ? {
        count: keep.length,
        index: pick(index),
        voxels: pick(voxels!, 3),
        grid: [grid[0], grid[1], grid[2]],
        affine: await niftiAffine(maskFile ?? sources.rois[0].file),
      }
    : {
        count: keep.length,
        index: pick(index),
        hemisphere: new Uint8Array(keep.length).fill(options.hemi === 'rh' ? 1 : 0),
      };
  const rois = (await roiSets(sources, volume, grid, index)).map((r) => ({ ...r, labels: pick(r.labels) }));

  await ctx.checkpoint(0.86, 'reading stimuli');
  const stimulusIds = Int32Array.from([...slots.trainIds, ...slots.testIds].sort((a, b) => a - b));
  const images = await readStimuli(
    sources.stimuli!,
    openHdf5,
    stimulusIds,
    options.imageSize,
    subContext(ctx, 0.86, 0.97),
  );

  await ctx.checkpoint(0.98, 'provenance');
  const used = [
    ...sources.betas.map((b) => b.file),
    sources.design!.file,
    sources.stimuli!.file,
    ...(sources.ncsnr ? [sources.ncsnr.file] : []),
    ...sources.rois.map((r) => r.file),
    ...sources.rois.flatMap((r) => sources.labelTables.get(r.type.name) ?? []),
    ...sources.surfaces.map((s) => s.file),
  ];
  const big = new Set([...sources.betas.map((b) => b.file), sources.stimuli!.file]);

  const bundle: SubjectBundle = {
    subject: `subj${String(options.subject).padStart(2, '0')}`,
    space: options.space,
    units,
    noiseCeiling: Float32Array.from(keep, (u) => noiseCeilingPercent(ncsnr[u], testReps)),
    train: split(slots.trainIds, 0),
    test: split(slots.testIds, nTrain),
    rois,
    stimuli: { size: options.imageSize, images, nsdIds: stimulusIds },
    hemispheres: volume ? undefined : await hemisphereMeshes(sources, options.hemi!, grid[0]),
    provenance: {
      source: 'nsd',
      appVersion: options.appVersion,
      created: options.created,
      details: {
        subject: options.subject,
        space: options.space,
        ...(options.hemi ? { hemi: options.hemi } : {}),
        ...(options.roi ? { roi: options.roi } : {}),
        sessions: sessions.join(','),
        design: baseName(sources.design!.file.path),
        noiseCeiling: sources.ncsnr ? baseName(sources.ncsnr.file.path) : 'computed from the data',
        excludedUnits,
      },
      files: await provenanceFiles(used, big),
    },
  };
  await ctx.checkpoint(1, 'bundle ready');
  return { bundle, excludedUnits, warnings };
}
