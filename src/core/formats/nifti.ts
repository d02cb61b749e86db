/**
 * NIfTI-1 and NIfTI-2 single-file images (.nii, or gzipped .nii.gz), either byte order. Voxels come
 * back in file order (x fastest) in the typed array matching the datatype; `scaled` applies
 * scl_slope/scl_inter when the header asks for it.
 */
import { dataView, byteSize, readNumbers, toBytes, type NumericType } from './binary';
import { inflate, isGzip } from './inflate';

export type NiftiData =
  Uint8Array | Int8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A 4×4 voxel-to-world (RAS mm) matrix, row-major: world = affine · [i, j, k, 1]. */
export type Affine = number[][];

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0] is the number of dimensions, dim[1..7] the sizes. */
  dim: number[];
  /** pixdim[0] is qfac (±1); pixdim[1..3] voxel sizes. */
  pixdim: number[];
  datatype: number;
  bitpix: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
}

export interface NiftiImage {
  header: NiftiHeader;
  /** dim[1..dim[0]]. */
  shape: number[];
  data: NiftiData;
  /** From the sform when sform_code > 0, else the qform quaternion, else voxel sizes only. */
  affine: Affine;
}

export class NiftiFormatError extends Error {
  override name = 'NiftiFormatError';
}

/** NIfTI datatype codes this reader supports (nifti1.h DT_*). */
const DATATYPES: Record<number, Exclude<NumericType, 'int64' | 'uint64'>> = {
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  64: 'float64',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
};

type Field = 'i16' | 'i32' | 'i64' | 'f32' | 'f64';

/** Byte offsets of the fields we use: nifti1.h and nifti2.h differ in widths and order. */
const LAYOUTS = {
  1: {
    headerSize: 348,
    magic: [344, 'n+1\0'],
    dim: [40, 'i16'],
    datatype: [70, 'i16'],
    bitpix: [72, 'i16'],
    pixdim: [76, 'f32'],
    voxOffset: [108, 'f32'],
    sclSlope: [112, 'f32'],
    sclInter: [116, 'f32'],
    qformCode: [252, 'i16'],
    sformCode: [254, 'i16'],
    quatern: [256, 'f32'], // quatern_b, c, d, qoffset_x, y, z
    srow: [280, 'f32'], // srow_x, srow_y, srow_z
  },
  2: {
    headerSize: 540,
    magic: [4, 'n+2\0'],
    dim: [16, 'i64'],
    datatype: [12, 'i16'],
    bitpix: [14, 'i16'],
    pixdim: [104, 'f64'],
    voxOffset: [168, 'i64'],
    sclSlope: [176, 'f64'],
    sclInter: [184, 'f64'],
    qformCode: [344, 'i32'],
    sformCode: [348, 'i32'],
    quatern: [352, 'f64'],
    srow: [400, 'f64'],
  },
} as const;

const FIELD_BYTES: Record<Field, number> = { i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

function readField(view: DataView, offset: number, field: Field, le: boolean): number {
  switch (field) {
    case 'i16':
      return view.getInt16(offset, le);
    case 'i32':
      return view.getInt32(offset, le);
    case 'i64':
      return Number(view.getBigInt64(offset, le));
    case 'f32':
      return view.getFloat32(offset, le);
    case 'f64':
      return view.getFloat64(offset, le);
  }
}

function readFields(
  view: DataView,
  [offset, field]: readonly [number, Field],
  n: number,
  le: boolean,
): number[] {
  return Array.from({ length: n }, (_, i) => readField(view, offset + i * FIELD_BYTES[field], field, le));
}

/** The header size field doubles as the byte-order mark: 348 (NIfTI-1) or 540 (NIfTI-2). */
function detect(view: DataView): { version: 1 | 2; littleEndian: boolean } {
  for (const littleEndian of [true, false]) {
    const size = view.getInt32(0, littleEndian);
    if (size === 348) return { version: 1, littleEndian };
    if (size === 540) return { version: 2, littleEndian };
  }
  throw new NiftiFormatError('not a NIfTI file (header size is neither 348 nor 540 in either byte order)');
}

/** NIfTI method 2: rotation from the unit quaternion (b, c, d), qfac flipping k, then voxel sizes. */
function qformAffine(pixdim: number[], [b, c, d, qx, qy, qz]: number[]): Affine {
  const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
  const qfac = pixdim[0] < 0 ? -1 : 1;
  const r = [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b],
  ];
  const scale = [pixdim[1], pixdim[2], qfac * pixdim[3]];
  const offset = [qx, qy, qz];
  return [...r.map((row, i) => [...row.map((v, j) => v * scale[j]), offset[i]]), [0, 0, 0, 1]];
}

function parseHeader(bytes: Uint8Array): { header: NiftiHeader; affine: Affine } {
  if (bytes.length < 4) throw new NiftiFormatError(`not a NIfTI file: only ${bytes.length} bytes`);
  const view = dataView(bytes);
  const { version, littleEndian: le } = detect(view);
  const L = LAYOUTS[version];
  if (bytes.length < L.headerSize) throw new NiftiFormatError(`NIfTI-${version} header is truncated`);
  const magic = new TextDecoder('latin1').decode(bytes.subarray(L.magic[0], L.magic[0] + 4));
  if (magic !== L.magic[1]) {
    const pair = magic === (version === 1 ? 'ni1\0' : 'ni2\0');
    throw new NiftiFormatError(
      pair
        ? 'NIfTI header/image pair (.hdr/.img) is not supported; use a single .nii or .nii.gz file'
        : `not a NIfTI-${version} file (magic ${JSON.stringify(magic)})`,
    );
  }
  const one = (f: readonly [number, Field]) => readField(view, f[0], f[1], le);
  const header: NiftiHeader = {
    version,
    littleEndian: le,
    dim: readFields(view, L.dim, 8, le),
    pixdim: readFields(view, L.pixdim, 8, le),
    datatype: one(L.datatype),
    bitpix: one(L.bitpix),
    voxOffset: one(L.voxOffset),
    sclSlope: one(L.sclSlope),
    sclInter: one(L.sclInter),
    qformCode: one(L.qformCode),
    sformCode: one(L.sformCode),
  };
  const { pixdim } = header;
  let affine: Affine;
  if (header.sformCode > 0) {
    const srow = readFields(view, L.srow, 12, le);
    affine = [srow.slice(0, 4), srow.slice(4, 8), srow.slice(8, 12), [0, 0, 0, 1]];
  } else if (header.qformCode > 0) {
    affine = qformAffine(pixdim, readFields(view, L.quatern, 6, le));
  } else {
    // NIfTI method 1 (Analyze compatibility): voxel sizes only.
    affine = [
      [pixdim[1], 0, 0, 0],
      [0, pixdim[2], 0, 0],
      [0, 0, pixdim[3], 0],
      [0, 0, 0, 1],
    ];
  }
  return { header, affine };
}

/** Reads a .nii or .nii.gz (gzip is detected from the bytes, not the file name). */
export async function readNifti(bytes: Uint8Array): Promise<NiftiImage> {
  const raw = isGzip(bytes) ? await inflate(bytes, 'gzip') : bytes;
  const { header, affine } = parseHeader(raw);
  const rank = header.dim[0];
  if (!(rank >= 1 && rank <= 7)) throw new NiftiFormatError(`NIfTI dim[0] is ${rank}, not 1..7`);
  const shape = header.dim.slice(1, rank + 1);
  const type = DATATYPES[header.datatype];
  if (!type) throw new NiftiFormatError(`unsupported NIfTI datatype ${header.datatype}`);
  if (header.voxOffset < LAYOUTS[header.version].headerSize) {
    throw new NiftiFormatError(`NIfTI vox_offset ${header.voxOffset} lies inside the header`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  const needed = header.voxOffset + count * byteSize(type);
  if (raw.length < needed) {
    throw new NiftiFormatError(
      `NIfTI data is truncated: ${shape.join('×')} ${type} voxels need ${needed} bytes, the file has ${raw.length}`,
    );
  }
  const data = readNumbers(raw, header.voxOffset, count, type, header.littleEndian);
  return { header, shape, data, affine };
}

/**
 * Voxel values after scl_slope/scl_inter. A slope of 0 or NaN means "no scaling" (nifti1.h), as does
 * slope 1 with intercept 0; then the stored array itself is returned. Scaled values are float32
 * (float64 for float64 data).
 */
export function scaled(image: NiftiImage): NiftiData {
  const { sclSlope: slope, sclInter: inter } = image.header;
  const intercept = Number.isFinite(inter) ? inter : 0;
  if (!Number.isFinite(slope) || slope === 0 || (slope === 1 && intercept === 0)) return image.data;
  const { data } = image;
  const out = data instanceof Float64Array ? new Float64Array(data.length) : new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + intercept;
  return out;
}

const DATATYPE_CODES = new Map<unknown, number>([
  [Uint8Array, 2],
  [Int16Array, 4],
  [Int32Array, 8],
  [Float32Array, 16],
  [Float64Array, 64],
  [Int8Array, 256],
  [Uint16Array, 512],
  [Uint32Array, 768],
]);

/**
 * An uncompressed little-endian NIfTI-1 file (.nii) with the affine as sform (code 2, aligned):
 * for exporting volume maps and for tests that need small ROI files.
 */
export function writeNifti(image: { shape: number[]; data: NiftiData; affine?: Affine }): Uint8Array {
  const code = DATATYPE_CODES.get(image.data.constructor);
  if (code === undefined) throw new NiftiFormatError('unsupported array type for NIfTI');
  const affine = image.affine ?? [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  const voxOffset = 352;
  const out = new Uint8Array(voxOffset + image.data.byteLength);
  const view = new DataView(out.buffer);
  view.setInt32(0, 348, true);
  view.setInt16(40, image.shape.length, true);
  image.shape.forEach((d, i) => view.setInt16(42 + i * 2, d, true));
  for (let i = image.shape.length; i < 7; i++) view.setInt16(42 + i * 2, 1, true);
  view.setInt16(70, code, true);
  view.setInt16(72, image.data.BYTES_PER_ELEMENT * 8, true);
  view.setFloat32(76, 1, true);
  for (let i = 0; i < 3; i++)
    view.setFloat32(80 + i * 4, Math.hypot(affine[0][i], affine[1][i], affine[2][i]), true);
  view.setFloat32(108, voxOffset, true);
  view.setInt16(254, 2, true);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, affine[r][c], true);
  out.set(new TextEncoder().encode('n+1\0'), 344);
  out.set(toBytes(image.data, true), voxOffset);
  return out;
}
