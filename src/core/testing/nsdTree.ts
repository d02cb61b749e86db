/**
 * A tiny NSD tree in the real formats, written by the tests themselves (h5wasm, NIfTI, MGH, TSV), so the
 * bundle builder is tested without ../shared. Responses follow a planted model: unit u's response to
 * image i is weight[u] · feature(i) plus Gaussian noise, with a per-session offset and scale.
 */
import {
  closeSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { initH5, type H5Library } from '../formats/h5';
import { writeMgh } from '../formats/mgh';
import { writeNifti } from '../formats/nifti';
import { createRng } from '../random';

export interface TreeOptions {
  sessions?: number;
  /** Sessions the design (responses.tsv) covers; defaults to all. */
  designSessions?: number;
  grid?: [number, number, number];
  vertices?: number;
  images?: number;
  imageSize?: number;
  noise?: number;
}

export interface Tree {
  root: string;
  /** The planted image feature and per-unit weights (voxels in flat order; vertices by index). */
  feature: (nsdId: number) => number;
  voxelWeight: (flat: number) => number;
  vertexWeight: (vertex: number) => number;
  /** Voxels inside the written nsdgeneral mask, ascending flat index. */
  maskVoxels: number[];
  sharedIds: Set<number>;
}

const TRIALS = 750;
export const TREE_PATHS = {
  betas: (s: number) =>
    `nsddata_betas/ppdata/subj01/func1pt8mm/betas_fithrf_GLMdenoise_RR/betas_session${String(s).padStart(2, '0')}.hdf5`,
  surfaceBetas: (s: number) =>
    `nsddata_betas/ppdata/subj01/nativesurface/betas_fithrf_GLMdenoise_RR/lh.betas_session${String(s).padStart(2, '0')}.hdf5`,
  fsaverageBetas: (s: number) =>
    `nsddata_betas/ppdata/subj01/fsaverage/betas_fithrf_GLMdenoise_RR/lh.betas_session${String(s).padStart(2, '0')}.mgh`,
  design: 'nsddata/ppdata/subj01/behav/responses.tsv',
  stimuli: 'nsddata_stimuli/stimuli/nsd/nsd_stimuli.hdf5',
  mask: 'nsddata/ppdata/subj01/func1pt8mm/roi/nsdgeneral.nii',
  maskTable: 'nsddata/freesurfer/subj01/label/nsdgeneral.mgz.ctab',
  surfaceRoi: 'nsddata/freesurfer/subj01/label/lh.testroi.mgz',
};

export function put(root: string, path: string, bytes: Uint8Array | string) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, bytes);
}

/** nsd_stimuli.hdf5 with `/imgBrick` (images × size × size × 3, one chunk per image, like NSD's). */
export function writeStimuli(lib: H5Library, root: string, images: number, size: number): void {
  const brick = new Uint8Array(images * size * size * 3).map((_, i) => (i * 37) % 256);
  mkdirSync(dirname(join(root, TREE_PATHS.stimuli)), { recursive: true });
  const file = new lib.File(join(root, TREE_PATHS.stimuli), 'w');
  file.create_dataset({
    name: 'imgBrick',
    data: brick,
    shape: [images, size, size, 3],
    chunks: [1, size, size, 3],
  });
  file.close();
}

/** Image shown at trial k of session s: cycles so that images repeat across sessions. */
export function trialImage(s: number, k: number, images: number): number {
  return ((s - 1) * TRIALS + k) % images;
}

export async function writeNsdTree(root: string, options: TreeOptions = {}): Promise<Tree> {
  const { sessions = 2, grid = [4, 5, 3], vertices = 40, images = 300, imageSize = 6, noise = 0.5 } = options;
  const designSessions = options.designSessions ?? sessions;
  const lib = await initH5(h5wasm);
  const rng = createRng(11);
  const [X, Y, Z] = grid;
  const feature = (id: number) => Math.sin(id * 0.7) + 0.5 * Math.cos(id * 0.13);
  const voxelWeight = (flat: number) => 0.5 + (flat % 7) / 7;
  const vertexWeight = (v: number) => (v % 5 === 0 ? 0 : 1);
  // ids below 60 play the shared1000 (10k index ≤ 1000): the test set.
  const sharedIds = new Set(Array.from({ length: 60 }, (_, i) => i));

  const mask = new Int16Array(X * Y * Z).map((_, i) => (i % 3 === 0 ? -1 : i % 3 === 1 ? 1 : 0));
  const maskVoxels = [...mask.keys()].filter((i) => mask[i] > 0);
  put(root, TREE_PATHS.mask, writeNifti({ shape: [X, Y, Z], data: mask }));
  put(root, TREE_PATHS.maskTable, '0 Unknown\n1 nsdgeneral\n');
  put(
    root,
    TREE_PATHS.surfaceRoi,
    writeMgh({
      dims: [vertices, 1, 1, 1],
      data: Int32Array.from({ length: vertices }, (_, v) => (v < vertices / 2 ? 1 : 2)),
    }),
  );

  const rows = ['SUBJECT\tSESSION\tRUN\tTRIAL\t73KID\t10KID'];
  for (let s = 1; s <= designSessions; s++) {
    for (let k = 0; k < TRIALS; k++) {
      const id = trialImage(s, k, images);
      rows.push(
        `1\t${s}\t${Math.floor(k / 63) + 1}\t${k + 1}\t${id + 1}\t${sharedIds.has(id) ? id + 1 : 2000 + id}`,
      );
    }
  }
  put(root, TREE_PATHS.design, rows.join('\n') + '\n');

  for (let s = 1; s <= sessions; s++) {
    const offset = s * 0.7;
    const scale = 1 + 0.3 * s;
    const psc = (weight: number, id: number) =>
      offset + scale * (weight * feature(id) + noise * rng.normal());
    const volume = new Int16Array(TRIALS * Z * Y * X);
    const surface = new Int16Array(TRIALS * vertices);
    const fsaverage = new Float32Array(vertices * TRIALS);
    for (let k = 0; k < TRIALS; k++) {
      const id = trialImage(s, k, images);
      for (let flat = 0; flat < X * Y * Z; flat++)
        volume[k * X * Y * Z + flat] = Math.round(psc(voxelWeight(flat), id) * 300);
      for (let v = 0; v < vertices; v++) {
        // One draw for both formats: the HDF5 and MGH files hold the same data, rounded vs exact.
        const value = psc(vertexWeight(v), id);
        surface[k * vertices + v] = Math.round(value * 300);
        fsaverage[k * vertices + v] = value;
      }
    }
    for (const [path, data, shape] of [
      [TREE_PATHS.betas(s), volume, [TRIALS, Z, Y, X]],
      [TREE_PATHS.surfaceBetas(s), surface, [TRIALS, vertices]],
    ] as const) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      const f = new lib.File(join(root, path), 'w');
      f.create_dataset({
        name: 'betas',
        data,
        shape: [...shape],
        chunks: [TRIALS, ...shape.slice(1).map(() => 1)],
      });
      f.close();
    }
    put(root, TREE_PATHS.fsaverageBetas(s), writeMgh({ dims: [vertices, 1, 1, TRIALS], data: fsaverage }));
  }

  writeStimuli(lib, root, images, imageSize);
  return { root, feature, voxelWeight, vertexWeight, maskVoxels, sharedIds };
}

/**
 * Rewrite an HDF5 file so its content starts 8 GiB into the file (a user block, which HDF5 skips): every
 * read of it then lands beyond 4 GB. The padding is a sparse hole, so the disk holds only the content.
 */
export function moveBeyond4GB(path: string): void {
  const bytes = readFileSync(path);
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, 2 ** 33);
    writeSync(fd, bytes, 0, bytes.length, 2 ** 33);
  } finally {
    closeSync(fd);
  }
}
