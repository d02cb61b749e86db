/**
 * MATLAB MAT-file level 5 (the format of `save -v6` and `-v7`; scipy.io.savemat writes it too):
 * numeric and logical arrays, plain or zlib-compressed (miCOMPRESSED). Cell, struct, char, sparse and
 * object arrays are skipped; complex arrays keep their real part. v7.3 files are HDF5 and are
 * rejected with a pointer to the HDF5 reader.
 */
import { byteSize, dataView, readNumbers, type NumericType } from './binary';
import { inflate } from './inflate';

export interface MatArray {
  /** MATLAB dimensions, at least two (a row vector is [1, n]). */
  dims: number[];
  /** Values in MATLAB's column-major order (first index fastest), converted to double. */
  data: Float64Array;
}

export class MatFormatError extends Error {
  override name = 'MatFormatError';
}

const HEADER_BYTES = 128;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

/** miTYPE codes of the numeric data types (MATLAB "MAT-File Format", table 1-1). */
const MI_TYPES: Record<number, NumericType> = {
  1: 'int8',
  2: 'uint8',
  3: 'int16',
  4: 'uint16',
  5: 'int32',
  6: 'uint32',
  7: 'float32',
  9: 'float64',
  12: 'int64',
  13: 'uint64',
};

/** mxCLASS codes 6..15 are double, single, int8 … uint64; logical arrays are uint8 with a flag. */
const isNumericClass = (cls: number) => cls >= 6 && cls <= 15;

interface Element {
  type: number;
  data: Uint8Array;
}

/** Walks the data elements of a block, including the 8-byte "small data element" form. */
function* elements(bytes: Uint8Array, littleEndian: boolean, padded: boolean): Generator<Element> {
  const view = dataView(bytes);
  let pos = 0;
  while (pos + 8 <= bytes.length) {
    const first = view.getUint32(pos, littleEndian);
    if (first >>> 16 !== 0) {
      // Small element: type in the low half-word, byte count in the high one, data in the next 4 bytes.
      const size = first >>> 16;
      if (size > 4)
        throw new MatFormatError(`MAT-file small data element at byte ${pos} claims ${size} bytes`);
      yield { type: first & 0xffff, data: bytes.subarray(pos + 4, pos + 4 + size) };
      pos += 8;
      continue;
    }
    const size = view.getUint32(pos + 4, littleEndian);
    const start = pos + 8;
    if (start + size > bytes.length) {
      throw new MatFormatError(
        `MAT-file is truncated: an element at byte ${pos} needs ${size} bytes, ${bytes.length - start} remain`,
      );
    }
    yield { type: first, data: bytes.subarray(start, start + size) };
    // Sub-elements are padded to 8 bytes; top-level compressed elements are not.
    pos = start + (padded ? Math.ceil(size / 8) * 8 : size);
  }
}

/** Decodes one miMATRIX element, or returns undefined for array kinds this reader skips. */
function readMatrix(bytes: Uint8Array, littleEndian: boolean): { name: string; array: MatArray } | undefined {
  const parts = elements(bytes, littleEndian, true);
  const flags = parts.next().value;
  if (!flags) return undefined; // an empty matrix element, as in empty cells
  const cls = dataView(flags.data).getUint32(0, littleEndian) & 0xff;
  const dimsElement = parts.next().value;
  const nameElement = parts.next().value;
  if (!dimsElement || !nameElement)
    throw new MatFormatError('MAT-file matrix element lacks dimensions or name');
  const name = new TextDecoder('latin1').decode(nameElement.data);
  if (!isNumericClass(cls)) return undefined;
  const dims = Array.from(
    readNumbers(dimsElement.data, 0, dimsElement.data.length / 4, 'int32', littleEndian),
  );
  const real = parts.next().value;
  const type = real && MI_TYPES[real.type];
  if (!real || !type) throw new MatFormatError(`MAT-file array '${name}' has no numeric data element`);
  const count = dims.reduce((a, b) => a * b, 1);
  if (real.data.length !== count * byteSize(type)) {
    throw new MatFormatError(
      `MAT-file array '${name}' is ${dims.join('×')} (${count} values) but stores ${real.data.length} bytes of ${type}`,
    );
  }
  // Writers may store values in a smaller type than the class (e.g. a double array as miUINT8).
  const values = readNumbers(real.data, 0, count, type, littleEndian);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = Number(values[i]);
  return { name, array: { dims, data } };
}

/** All numeric and logical arrays of a level-5 MAT-file, by variable name. */
export async function readMat(bytes: Uint8Array): Promise<Map<string, MatArray>> {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, 116));
  const hdf5 = bytes.length >= 516 && [0x89, 0x48, 0x44, 0x46].every((b, i) => bytes[512 + i] === b);
  if (text.startsWith('MATLAB 7.3') || hdf5) {
    throw new MatFormatError('MAT-file v7.3 is an HDF5 file; open it with the HDF5 reader (h5wasm) instead');
  }
  if (bytes.length < HEADER_BYTES) throw new MatFormatError(`not a MAT-file: only ${bytes.length} bytes`);
  const endian = String.fromCharCode(bytes[126], bytes[127]);
  if (endian !== 'IM' && endian !== 'MI') {
    throw new MatFormatError('not a level-5 MAT-file (no IM/MI endian indicator at byte 126)');
  }
  const littleEndian = endian === 'IM';
  const out = new Map<string, MatArray>();
  for (const element of elements(bytes.subarray(HEADER_BYTES), littleEndian, false)) {
    let matrix: Uint8Array | undefined;
    if (element.type === MI_MATRIX) matrix = element.data;
    else if (element.type === MI_COMPRESSED) {
      const inner = await inflate(element.data, 'deflate');
      const first = elements(inner, littleEndian, false).next().value;
      if (first?.type === MI_MATRIX) matrix = first.data;
    }
    const read = matrix && readMatrix(matrix, littleEndian);
    if (read) out.set(read.name, read.array);
  }
  return out;
}

/** The element at 0-based MATLAB subscripts (one per dimension), e.g. `matAt(subjectim, s, k)`. */
export function matAt(array: MatArray, ...indices: number[]): number {
  const { dims } = array;
  if (indices.length !== dims.length) {
    throw new RangeError(`matAt: ${indices.length} indices for a ${dims.join('×')} array`);
  }
  let flat = 0;
  for (let d = dims.length - 1; d >= 0; d--) {
    const i = indices[d];
    if (!Number.isInteger(i) || i < 0 || i >= dims[d]) {
      throw new RangeError(`matAt: index ${i} out of range for dimension ${d} of a ${dims.join('×')} array`);
    }
    flat = flat * dims[d] + i;
  }
  return array.data[flat];
}
