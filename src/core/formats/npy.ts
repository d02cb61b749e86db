/**
 * NumPy .npy files (format versions 1–3): little- and big-endian numeric arrays, C or Fortran order.
 * Arrays come back in C order; Fortran-order files are transposed on read.
 */
import type { NumericArray } from './binary';

/** Any numeric array .npy can hold here (no unsigned 64-bit). */
export type NpyData = Exclude<NumericArray, BigUint64Array>;

export interface NpyArray {
  shape: number[];
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

type Ctor = new (n: number) => NpyData;
const TYPES: Record<
  string,
  { ctor: Ctor; size: number; read: (v: DataView, o: number, le: boolean) => number | bigint }
> = {
  f4: { ctor: Float32Array, size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  f8: { ctor: Float64Array, size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  i1: { ctor: Int8Array, size: 1, read: (v, o) => v.getInt8(o) },
  u1: { ctor: Uint8Array, size: 1, read: (v, o) => v.getUint8(o) },
  b1: { ctor: Uint8Array, size: 1, read: (v, o) => v.getUint8(o) },
  i2: { ctor: Int16Array, size: 2, read: (v, o, le) => v.getInt16(o, le) },
  u2: { ctor: Uint16Array, size: 2, read: (v, o, le) => v.getUint16(o, le) },
  i4: { ctor: Int32Array, size: 4, read: (v, o, le) => v.getInt32(o, le) },
  u4: { ctor: Uint32Array, size: 4, read: (v, o, le) => v.getUint32(o, le) },
  i8: { ctor: BigInt64Array, size: 8, read: (v, o, le) => v.getBigInt64(o, le) },
};

export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

function parseHeader(text: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shape === undefined)
    throw new NpyFormatError(`unreadable .npy header: ${text.trim()}`);
  return {
    descr,
    fortran: fortran === 'True',
    shape: shape
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map(Number),
  };
}

/** Reverse the axis order of a C-order array (turns Fortran-order data into C order). */
function transposeAll(data: NpyData, shape: number[]): NpyData {
  const n = data.length;
  const out = new (data.constructor as Ctor)(n);
  const rev = [...shape].reverse();
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let flat = 0;
    for (let d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[shape.length - 1 - d];
    (out as Float64Array)[flat] = (data as Float64Array)[i];
    for (let d = rev.length - 1; d >= 0; d--) {
      if (++idx[d] < rev[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function readNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b))
    throw new NpyFormatError('not a .npy file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = parseHeader(
    new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLength)),
  );
  const order = header.descr[0];
  const type = TYPES[header.descr.slice(1)];
  if (!type || !'<>|='.includes(order)) throw new NpyFormatError(`unsupported .npy dtype ${header.descr}`);
  const count = header.shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  if (bytes.length - offset < count * type.size) {
    throw new NpyFormatError(
      `truncated .npy: ${count} values of ${header.descr} need ${count * type.size} bytes`,
    );
  }
  const littleEndian = order !== '>';
  const data = new type.ctor(count);
  for (let i = 0; i < count; i++) {
    (data as unknown as (number | bigint)[])[i] = type.read(view, offset + i * type.size, littleEndian);
  }
  return { shape: header.shape, data: header.fortran ? transposeAll(data, header.shape) : data };
}

const DESCR = new Map<Ctor, string>([
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
  [Int8Array, '|i1'],
  [Uint8Array, '|u1'],
  [Int16Array, '<i2'],
  [Uint16Array, '<u2'],
  [Int32Array, '<i4'],
  [Uint32Array, '<u4'],
  [BigInt64Array, '<i8'],
]);

/** Write a C-order little-endian version 1.0 .npy file. */
export function writeNpy(array: NpyArray): Uint8Array {
  const descr = DESCR.get(array.data.constructor as Ctor);
  if (!descr) throw new NpyFormatError('unsupported array type for .npy');
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Header padded with spaces so the data starts on a 64-byte boundary, ending in a newline.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const body = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(total + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(body, total);
  return out;
}
