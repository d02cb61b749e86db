/**
 * FreeSurfer MGH volumes and surface overlays (.mgh, or gzipped .mgz): a big-endian 284-byte header,
 * then width × height × depth × nframes values, width fastest and frames slowest. Surface overlays
 * are nvertices × 1 × 1 × nframes, so a vertex's value in frame f is data[v + f * nvertices].
 */
import { byteSize, dataView, readNumbers, toBytes } from './binary';
import { inflate, isGzip } from './inflate';
import type { Affine } from './nifti';

export type MghData = Uint8Array | Int32Array | Float32Array | Int16Array | Uint16Array;

export interface MghVolume {
  /** [width, height, depth, nframes]. */
  dims: [number, number, number, number];
  data: MghData;
  /** Whether spacing, mdc and cras are meaningful (goodRASflag). */
  goodRAS: boolean;
  /** Voxel size in mm along each axis. */
  spacing: [number, number, number];
  /** Direction cosines as stored: x_r x_a x_s, y_r y_a y_s, z_r z_a z_s (one axis per row). */
  mdc: number[];
  /** RAS coordinate of the volume centre. */
  cras: [number, number, number];
}

export class MghFormatError extends Error {
  override name = 'MghFormatError';
}

export const MGH_DATA_OFFSET = 284;
const DATA_OFFSET = MGH_DATA_OFFSET;

/** MGH type codes (nibabel mghformat `_dtdefs`). */
const TYPES: Record<number, 'uint8' | 'int32' | 'float32' | 'int16' | 'uint16'> = {
  0: 'uint8',
  1: 'int32',
  3: 'float32',
  4: 'int16',
  10: 'uint16',
};

/** Dimensions and value type from the first 284 bytes of an uncompressed .mgh (for ranged reads). */
export function readMghHeader(raw: Uint8Array): { dims: MghVolume['dims']; type: (typeof TYPES)[number] } {
  if (raw.length < DATA_OFFSET) throw new MghFormatError(`MGH header is truncated (${raw.length} bytes)`);
  const view = dataView(raw);
  const version = view.getInt32(0, false);
  if (version !== 1) throw new MghFormatError(`not an MGH file (version ${version}, expected 1)`);
  const dims = [4, 8, 12, 16].map((o) => view.getInt32(o, false)) as MghVolume['dims'];
  const code = view.getInt32(20, false);
  const type = TYPES[code];
  if (!type) throw new MghFormatError(`unsupported MGH data type ${code}`);
  return { dims, type };
}

/** Reads an .mgh or .mgz (gzip is detected from the bytes). */
export async function readMgh(bytes: Uint8Array): Promise<MghVolume> {
  const raw = isGzip(bytes) ? await inflate(bytes, 'gzip') : bytes;
  const { dims, type } = readMghHeader(raw);
  const view = dataView(raw);
  const count = dims.reduce((a, b) => a * b, 1);
  const needed = DATA_OFFSET + count * byteSize(type);
  if (raw.length < needed) {
    throw new MghFormatError(
      `MGH data is truncated: ${dims.join('×')} ${type} values need ${needed} bytes, the file has ${raw.length}`,
    );
  }
  const floats = (offset: number, n: number) => Array.from(readNumbers(raw, offset, n, 'float32', false));
  return {
    dims,
    data: readNumbers(raw, DATA_OFFSET, count, type, false),
    goodRAS: view.getInt16(28, false) > 0,
    spacing: floats(30, 3) as MghVolume['spacing'],
    mdc: floats(42, 9),
    cras: floats(78, 3) as MghVolume['cras'],
  };
}

/**
 * Voxel → scanner RAS, as nibabel's MGHHeader.get_affine: columns are the direction cosines times the
 * voxel size, and the centre voxel (dims / 2) maps to cras. Null when the header has no valid geometry.
 */
export function mghAffine(volume: MghVolume): Affine | null {
  if (!volume.goodRAS) return null;
  const { mdc, spacing, cras, dims } = volume;
  const m = [0, 1, 2].map((r) => [0, 1, 2].map((c) => mdc[c * 3 + r] * spacing[c]));
  return [
    ...m.map((row, r) => [...row, cras[r] - row.reduce((s, v, c) => s + v * (dims[c] / 2), 0)]),
    [0, 0, 0, 1],
  ];
}

/**
 * An uncompressed .mgh with unit voxels, identity direction cosines and cras 0. `dims` has 1–4
 * entries (missing ones are 1), e.g. [nvertices] for a surface overlay.
 */
export function writeMgh(volume: {
  dims: number[];
  data: Float32Array | Int32Array | Uint8Array | Int16Array;
}): Uint8Array {
  const { data } = volume;
  const dims = [...volume.dims, 1, 1, 1].slice(0, 4);
  if (volume.dims.length < 1 || volume.dims.length > 4 || dims.reduce((a, b) => a * b, 1) !== data.length) {
    throw new MghFormatError(`writeMgh: dims ${volume.dims.join('×')} do not match ${data.length} values`);
  }
  const code =
    data instanceof Uint8Array ? 0 : data instanceof Int32Array ? 1 : data instanceof Float32Array ? 3 : 4;
  const out = new Uint8Array(DATA_OFFSET + data.byteLength);
  const view = dataView(out);
  view.setInt32(0, 1, false);
  dims.forEach((d, i) => view.setInt32(4 + 4 * i, d, false));
  view.setInt32(20, code, false);
  view.setInt16(28, 1, false); // goodRASflag
  const geometry = [1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1]; // spacing, then Mdc = identity
  geometry.forEach((v, i) => view.setFloat32(30 + 4 * i, v, false));
  out.set(toBytes(data, false), DATA_OFFSET);
  return out;
}
