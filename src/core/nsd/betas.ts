/**
 * Reading one session of betas for the chosen units only, slab by slab, so memory stays at one
 * session's masked data whatever the file size. Values come back in percent signal change,
 * trial-major (750 × units).
 */
import type { Dataset, File as H5File } from 'h5wasm';
import { dataView } from '../formats/binary';
import { h5ErrorReason } from '../formats/h5';
import { isGzip } from '../formats/inflate';
import { MGH_DATA_OFFSET, readMgh, readMghHeader } from '../formats/mgh';
import type { JobContext } from '../jobs/progress';
import { TRIALS_PER_SESSION } from './design';
import { baseName, type InputFile, type OpenHdf5 } from './inputs';

export class InputFileError extends Error {
  override name = 'InputFileError';
}

/** int16 betas store round(PSC × 300). */
const INT16_SCALE = 1 / 300;
/** Vertices per read for surface data: 750 × 8192 × 2 bytes = 12 MB per slab. */
const VERTEX_BLOCK = 8192;

interface BetaFile {
  file: InputFile;
  h5: H5File;
  dataset: Dataset;
  /** (750, Z, Y, X) for volumes, (750, V) for surfaces. */
  shape: number[];
  scale: number;
}

export function openDataset(
  file: InputFile,
  openHdf5: OpenHdf5,
  name: string,
): { h5: H5File; dataset: Dataset } {
  let h5: H5File;
  try {
    h5 = openHdf5(file);
  } catch (error) {
    throw new InputFileError(`${baseName(file.path)}: ${h5ErrorReason(error)}`, { cause: error });
  }
  const entity = h5.get(name);
  if (!entity || !('slice' in entity)) {
    h5.close();
    throw new InputFileError(
      `${baseName(file.path)}: no /${name} dataset (found: ${h5.keys().join(', ') || 'nothing'})`,
    );
  }
  return { h5, dataset: entity as Dataset };
}

function openBetas(file: InputFile, openHdf5: OpenHdf5, rank: 2 | 4): BetaFile {
  const { h5, dataset } = openDataset(file, openHdf5, 'betas');
  const shape = dataset.shape ?? [];
  const fail = (why: string) => {
    h5.close();
    return new InputFileError(`${baseName(file.path)}: ${why}`);
  };
  const expected = rank === 4 ? '(750, Z, Y, X)' : '(750, vertices)';
  if (shape.length !== rank || shape[0] !== TRIALS_PER_SESSION) {
    throw fail(`/betas has shape (${shape.join(', ')}); expected ${expected}`);
  }
  // h5wasm dtype codes: '<h' int16, '<f' float32, '<d' float64 (byte order first).
  const code = String(dataset.dtype).replace(/^[<>|=]/, '');
  if (!['h', 'f', 'd'].includes(code)) {
    throw fail(`/betas has data type ${String(dataset.dtype)}; expected int16 or float`);
  }
  return { file, h5, dataset, shape, scale: code === 'h' ? INT16_SCALE : 1 };
}

/** Volume units grouped by z slice, with the slice's bounding box, so one hyperslab read serves a group. */
export interface SliceGroup {
  z: number;
  y0: number;
  y1: number;
  x0: number;
  x1: number;
  /** Unit numbers (columns of the output) and their voxel offsets inside the box. */
  units: Int32Array;
  offsets: Int32Array;
}

export function groupBySlice(voxels: Int32Array): SliceGroup[] {
  const groups: SliceGroup[] = [];
  const count = voxels.length / 3;
  let u = 0;
  while (u < count) {
    const z = voxels[u * 3 + 2];
    let end = u;
    let y0 = Infinity;
    let y1 = -1;
    let x0 = Infinity;
    let x1 = -1;
    while (end < count && voxels[end * 3 + 2] === z) {
      x0 = Math.min(x0, voxels[end * 3]);
      x1 = Math.max(x1, voxels[end * 3]);
      y0 = Math.min(y0, voxels[end * 3 + 1]);
      y1 = Math.max(y1, voxels[end * 3 + 1]);
      end++;
    }
    const width = x1 - x0 + 1;
    const units = new Int32Array(end - u);
    const offsets = new Int32Array(end - u);
    for (let i = u; i < end; i++) {
      units[i - u] = i;
      offsets[i - u] = (voxels[i * 3 + 1] - y0) * width + (voxels[i * 3] - x0);
    }
    groups.push({ z, y0, y1, x0, x1, units, offsets });
    u = end;
  }
  return groups;
}

function readSlab(beta: BetaFile, ranges: [number, number][]): ArrayLike<number> {
  try {
    return beta.dataset.slice(ranges) as unknown as ArrayLike<number>;
  } catch (error) {
    throw new InputFileError(`${baseName(beta.file.path)}: ${h5ErrorReason(error)}`, { cause: error });
  }
}

/** One session's betas for volume units (grouped by slice), 750 × units, in PSC. */
async function readVolumeSession(
  beta: BetaFile,
  groups: SliceGroup[],
  unitCount: number,
  ctx: JobContext,
): Promise<Float32Array> {
  const out = new Float32Array(TRIALS_PER_SESSION * unitCount);
  for (let g = 0; g < groups.length; g++) {
    const { z, y0, y1, x0, x1, units, offsets } = groups[g];
    const slab = readSlab(beta, [
      [0, TRIALS_PER_SESSION],
      [z, z + 1],
      [y0, y1 + 1],
      [x0, x1 + 1],
    ]);
    const plane = (y1 - y0 + 1) * (x1 - x0 + 1);
    // A group's units are consecutive columns: loop trials outside so writes are contiguous.
    const first = units[0];
    for (let k = 0; k < TRIALS_PER_SESSION; k++) {
      const src = k * plane;
      const dst = k * unitCount + first;
      for (let i = 0; i < offsets.length; i++) out[dst + i] = slab[src + offsets[i]] * beta.scale;
    }
    await ctx.checkpoint((g + 1) / groups.length, `slice ${z + 1}`);
  }
  return out;
}

/** One session's betas for the given vertices (ascending), 750 × units, in PSC. */
async function readSurfaceSession(
  beta: BetaFile,
  vertices: Int32Array,
  ctx: JobContext,
): Promise<Float32Array> {
  const unitCount = vertices.length;
  const out = new Float32Array(TRIALS_PER_SESSION * unitCount);
  let u = 0;
  while (u < unitCount) {
    const v0 = vertices[u];
    let end = u;
    while (end < unitCount && vertices[end] < v0 + VERTEX_BLOCK) end++;
    const v1 = vertices[end - 1] + 1;
    const slab = readSlab(beta, [
      [0, TRIALS_PER_SESSION],
      [v0, v1],
    ]);
    const span = v1 - v0;
    for (let i = u; i < end; i++) {
      const o = vertices[i] - v0;
      for (let k = 0; k < TRIALS_PER_SESSION; k++) out[k * unitCount + i] = slab[k * span + o] * beta.scale;
    }
    u = end;
    await ctx.checkpoint(u / unitCount, `vertex ${v1}`);
  }
  return out;
}

/** Which units to read: voxels grouped by slice (volumes) or ascending vertex indices (surfaces). */
export interface UnitLayout {
  count: number;
  groups?: SliceGroup[];
  vertices?: Int32Array;
}

/** One session file, whatever its format: its spatial shape and a reader for the chosen units. */
export interface SessionSource {
  /** (Z, Y, X) for volumes, (V) for surfaces. */
  spatialShape: number[];
  read(layout: UnitLayout, ctx: JobContext): Promise<Float32Array>;
  close(): void;
}

/** fsaverage betas (.mgh, float32 PSC, frames slowest): one ranged read per trial covering the units' span. */
async function openMghSession(file: InputFile): Promise<SessionSource> {
  const name = baseName(file.path);
  const head = await file.range(0, MGH_DATA_OFFSET);
  if (isGzip(head)) {
    const mgh = await readMgh(await file.bytes());
    const vertices = mgh.dims[0] * mgh.dims[1] * mgh.dims[2];
    if (mgh.dims[3] !== TRIALS_PER_SESSION)
      throw new InputFileError(`${name}: ${mgh.dims[3]} frames; expected 750 trials`);
    return {
      spatialShape: [vertices],
      read: async ({ vertices: units, count }) => {
        const out = new Float32Array(TRIALS_PER_SESSION * count);
        for (let k = 0; k < TRIALS_PER_SESSION; k++) {
          for (let i = 0; i < count; i++) out[k * count + i] = mgh.data[k * vertices + units![i]];
        }
        return out;
      },
      close: () => {},
    };
  }
  let header;
  try {
    header = readMghHeader(head);
  } catch (error) {
    throw new InputFileError(`${name}: ${(error as Error).message}`, { cause: error });
  }
  const { dims, type } = header;
  if (type !== 'float32') throw new InputFileError(`${name}: MGH values are ${type}; expected float32 PSC`);
  if (dims[3] !== TRIALS_PER_SESSION)
    throw new InputFileError(`${name}: ${dims[3]} frames; expected 750 trials`);
  const total = dims[0] * dims[1] * dims[2];
  if (file.size < MGH_DATA_OFFSET + total * TRIALS_PER_SESSION * 4) {
    throw new InputFileError(`${name}: the file is truncated (${file.size} bytes for ${total} × 750 floats)`);
  }
  return {
    spatialShape: [total],
    async read({ vertices, count }, ctx) {
      const out = new Float32Array(TRIALS_PER_SESSION * count);
      const v0 = vertices![0];
      const v1 = vertices![count - 1] + 1;
      for (let k = 0; k < TRIALS_PER_SESSION; k++) {
        const start = MGH_DATA_OFFSET + (k * total + v0) * 4;
        const view = dataView(await file.range(start, start + (v1 - v0) * 4));
        for (let i = 0; i < count; i++) out[k * count + i] = view.getFloat32((vertices![i] - v0) * 4, false);
        await ctx.checkpoint((k + 1) / TRIALS_PER_SESSION, `trial ${k + 1}`);
      }
      return out;
    },
    close: () => {},
  };
}

export async function openSession(
  file: InputFile,
  format: 'volume' | 'hdf5-surface' | 'mgh',
  openHdf5: OpenHdf5,
): Promise<SessionSource> {
  if (format === 'mgh') return openMghSession(file);
  const beta = openBetas(file, openHdf5, format === 'volume' ? 4 : 2);
  return {
    spatialShape: beta.shape.slice(1),
    read: (layout, ctx) =>
      layout.groups
        ? readVolumeSession(beta, layout.groups, layout.count, ctx)
        : readSurfaceSession(beta, layout.vertices!, ctx),
    close: () => beta.h5.close(),
  };
}
