/**
 * Typed reads of binary numeric blocks with a declared byte order, shared by the MAT, NIfTI, MGH and
 * FreeSurfer readers. Little-endian blocks are copied straight into a typed array; big-endian ones
 * (FreeSurfer, MGH) go through a DataView, because typed arrays always use the platform's order.
 */

export type NumericType =
  'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** The typed array each NumericType reads into. */
export interface NumericArrayOf {
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
  uint64: BigUint64Array;
  float32: Float32Array;
  float64: Float64Array;
}

type Getter = (view: DataView, offset: number, littleEndian: boolean) => number | bigint;

const TYPES: Record<
  NumericType,
  { size: number; ctor: new (buffer: ArrayBuffer) => NumericArray; get: Getter }
> = {
  int8: { size: 1, ctor: Int8Array, get: (v, o) => v.getInt8(o) },
  uint8: { size: 1, ctor: Uint8Array, get: (v, o) => v.getUint8(o) },
  int16: { size: 2, ctor: Int16Array, get: (v, o, le) => v.getInt16(o, le) },
  uint16: { size: 2, ctor: Uint16Array, get: (v, o, le) => v.getUint16(o, le) },
  int32: { size: 4, ctor: Int32Array, get: (v, o, le) => v.getInt32(o, le) },
  uint32: { size: 4, ctor: Uint32Array, get: (v, o, le) => v.getUint32(o, le) },
  int64: { size: 8, ctor: BigInt64Array, get: (v, o, le) => v.getBigInt64(o, le) },
  uint64: { size: 8, ctor: BigUint64Array, get: (v, o, le) => v.getBigUint64(o, le) },
  float32: { size: 4, ctor: Float32Array, get: (v, o, le) => v.getFloat32(o, le) },
  float64: { size: 8, ctor: Float64Array, get: (v, o, le) => v.getFloat64(o, le) },
};

const PLATFORM_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export function byteSize(type: NumericType): number {
  return TYPES[type].size;
}

export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * `count` values of `type` starting at `offset`, as a fresh typed array. The caller checks that the
 * bytes are there (so its error can name the format); a short block throws a RangeError.
 */
export function readNumbers<T extends NumericType>(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: T,
  littleEndian: boolean,
): NumericArrayOf[T] {
  const { size, ctor, get } = TYPES[type];
  const end = offset + count * size;
  if (offset < 0 || end > bytes.length) {
    throw new RangeError(
      `${count} ${type} values at byte ${offset} run past the end (${bytes.length} bytes)`,
    );
  }
  if (littleEndian === PLATFORM_LITTLE_ENDIAN || size === 1) {
    // Copy into a new, aligned buffer the typed array can view. (Not bytes.slice(): on a Node Buffer
    // that returns a view of the shared pool rather than a copy.)
    return new ctor(new Uint8Array(bytes.subarray(offset, end)).buffer) as NumericArrayOf[T];
  }
  const out = new ctor(new ArrayBuffer(count * size));
  const view = dataView(bytes);
  for (let i = 0; i < count; i++) {
    (out as unknown as (number | bigint)[])[i] = get(view, offset + i * size, littleEndian);
  }
  return out as NumericArrayOf[T];
}

/** The bytes of a typed array in the given byte order (the inverse of readNumbers). */
export function toBytes(array: NumericArray, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
  const size = array.BYTES_PER_ELEMENT;
  if (littleEndian !== PLATFORM_LITTLE_ENDIAN && size > 1) {
    for (let i = 0; i < out.length; i += size) out.subarray(i, i + size).reverse();
  }
  return out;
}

/** The parts joined end to end in one new array. */
export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
