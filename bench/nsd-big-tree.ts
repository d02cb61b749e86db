/**
 * A synthetic NSD tree at a realistic per-session size, for the bundle-building benchmark: int16 betas
 * (750, Z, Y, X) chunked (750, 1, 1, 1) like NSD's files, an nsdgeneral-like mask (a compact blob), an
 * NSD-like responses.tsv (10 000 images × 3 repetitions over 40 sessions, the first 1000 shared) and a
 * small nsd_stimuli.hdf5. Betas are written one z slice at a time with write_slice, so generating a
 * session holds one slab (750 × Y × X int16), never the whole file.
 */
import { linkSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { initH5 } from '../src/core/formats/h5';
import { writeNifti } from '../src/core/formats/nifti';
import { put, TREE_PATHS, writeStimuli } from '../src/core/testing/nsdTree';

const TRIALS = 750;
const SESSIONS_IN_DESIGN = 40;
const IMAGES = 10_000;

export interface BigTreeOptions {
  /** (X, Y, Z) of the volume grid. */
  grid: [number, number, number];
  /** Side of the stored stimulus images. */
  imageSize: number;
}

export interface BigTreeSource {
  dir: string;
  grid: [number, number, number];
  /** Voxels in the mask (label 1). */
  maskVoxels: number;
  /** Paths (relative to dir) of every file but the session betas. */
  common: string[];
  /** Absolute path of session s's betas, once written. */
  betas: Map<number, string>;
}

/** xorshift32 stream; fast enough for ~10⁸ draws per session. */
function xorshift(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** NSD-like trial order: each of 10 000 images three times over 40 sessions, in shuffled order. */
function designIds(): Int32Array {
  const ids = new Int32Array(SESSIONS_IN_DESIGN * TRIALS);
  for (let t = 0; t < ids.length; t++) ids[t] = t % IMAGES;
  const rand = xorshift(1234);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

/** Writes the mask, design and stimuli under dir; betas are added per session with writeSession. */
export async function writeCommon(dir: string, options: BigTreeOptions): Promise<BigTreeSource> {
  const lib = await initH5(h5wasm);
  const [X, Y, Z] = options.grid;

  // nsdgeneral-like: one compact ellipsoid of label 1 in the back of the grid, -1 elsewhere in a
  // larger "brain" ellipsoid, 0 outside.
  const mask = new Int16Array(X * Y * Z);
  let maskVoxels = 0;
  for (let z = 0; z < Z; z++)
    for (let y = 0; y < Y; y++)
      for (let x = 0; x < X; x++) {
        const inBlob =
          ((x - 0.5 * X) / (0.38 * X)) ** 2 +
            ((y - 0.34 * Y) / (0.33 * Y)) ** 2 +
            ((z - 0.45 * Z) / (0.33 * Z)) ** 2 <=
          1;
        const inBrain =
          ((x - 0.5 * X) / (0.48 * X)) ** 2 +
            ((y - 0.5 * Y) / (0.48 * Y)) ** 2 +
            ((z - 0.5 * Z) / (0.48 * Z)) ** 2 <=
          1;
        const flat = (z * Y + y) * X + x;
        mask[flat] = inBlob ? 1 : inBrain ? -1 : 0;
        if (inBlob) maskVoxels++;
      }
  const affine = [
    [1.8, 0, 0, -0.9 * X],
    [0, 1.8, 0, -0.9 * Y],
    [0, 0, 1.8, -0.9 * Z],
    [0, 0, 0, 1],
  ];
  put(dir, TREE_PATHS.mask, writeNifti({ shape: [X, Y, Z], data: mask, affine }));
  put(dir, TREE_PATHS.maskTable, '0 Unknown\n1 nsdgeneral\n');

  const ids = designIds();
  const rows = ['SUBJECT\tSESSION\tRUN\tTRIAL\t73KID\t10KID'];
  for (let t = 0; t < ids.length; t++) {
    const s = Math.floor(t / TRIALS) + 1;
    const k = t % TRIALS;
    // 73KID = nsd id + 1; 10KID ≤ 1000 marks the shared images (the test split).
    rows.push(`1\t${s}\t${Math.floor(k / 63) + 1}\t${k + 1}\t${ids[t] + 1}\t${ids[t] + 1}`);
  }
  put(dir, TREE_PATHS.design, rows.join('\n') + '\n');

  writeStimuli(lib, dir, IMAGES, options.imageSize);

  return {
    dir,
    grid: options.grid,
    maskVoxels,
    common: [TREE_PATHS.mask, TREE_PATHS.maskTable, TREE_PATHS.design, TREE_PATHS.stimuli],
    betas: new Map(),
  };
}

/** Session s's betas: PSC = offset + weight(voxel) · feature(image) + noise, stored as round(PSC × 300). */
export async function writeSession(source: BigTreeSource, s: number): Promise<string> {
  const lib = await initH5(h5wasm);
  const [X, Y, Z] = source.grid;
  const ids = designIds().subarray((s - 1) * TRIALS, s * TRIALS);
  const feature = Float32Array.from(ids, (id) => Math.sin(id * 0.7) + 0.5 * Math.cos(id * 0.13));
  const path = join(source.dir, TREE_PATHS.betas(s));
  mkdirSync(dirname(path), { recursive: true });
  const file = new lib.File(path, 'w');
  try {
    // create_dataset wants all the data at once: start empty along z and grow, then fill by slices.
    const dataset = file.create_dataset({
      name: 'betas',
      data: new Int16Array(0),
      shape: [TRIALS, 0, Y, X],
      maxshape: [TRIALS, Z, Y, X],
      dtype: '<h',
      chunks: [TRIALS, 1, 1, 1],
    });
    dataset.resize([TRIALS, Z, Y, X]);
    const plane = Y * X;
    const slab = new Int16Array(TRIALS * plane);
    const rand = xorshift(0x9e3779b9 ^ (s * 7919));
    const offset = 0.5 * s;
    for (let z = 0; z < Z; z++) {
      for (let k = 0; k < TRIALS; k++) {
        const f = feature[k];
        const base = k * plane;
        for (let p = 0; p < plane; p++) {
          const weight = 0.3 + ((z * plane + p) % 7) / 7;
          // Sum of three uniforms: a cheap bell-shaped noise with SD 0.5 (× 2 → PSC SD 1).
          const noise = (rand() + rand() + rand() - 1.5) * 2;
          slab[base + p] = Math.round((offset + weight * f + noise) * 300);
        }
      }
      dataset.write_slice(
        [
          [0, TRIALS],
          [z, z + 1],
          [0, Y],
          [0, X],
        ],
        slab,
      );
    }
  } finally {
    file.close();
  }
  source.betas.set(s, path);
  return path;
}

/** A tree at treeDir holding sessions 1..n: hard links to the shared files, so nothing is copied. */
export function linkTree(source: BigTreeSource, treeDir: string, sessions: number): string[] {
  const link = (from: string, rel: string) => {
    const to = join(treeDir, rel);
    mkdirSync(dirname(to), { recursive: true });
    linkSync(from, to);
  };
  for (const rel of source.common) link(join(source.dir, rel), rel);
  const betas: string[] = [];
  for (let s = 1; s <= sessions; s++) {
    const from = source.betas.get(s);
    if (!from) throw new Error(`session ${s} was not written`);
    link(from, TREE_PATHS.betas(s));
    betas.push(join(treeDir, TREE_PATHS.betas(s)));
  }
  return betas;
}

export const fileMB = (path: string) => statSync(path).size / 1e6;
