/** Values of ONNX initializers (TensorProto), as plain typed arrays. */
import type { TensorProto } from 'onnx-buf';
import { DataType } from './builder';

export type ConstValues = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface ConstTensor {
  dims: number[];
  values: ConstValues;
}

/** Little-endian raw bytes copied into an aligned typed array. */
function fromRaw<T>(raw: Uint8Array, ctor: new (buffer: ArrayBuffer) => T): T {
  // A copy: raw may be a view into a larger (Node Buffer) allocation.
  return new ctor(new Uint8Array(raw).buffer);
}

export function tensorValues(t: TensorProto): ConstTensor {
  const dims = t.dims.map(Number);
  const raw = t.rawData.length > 0 ? t.rawData : undefined;
  switch (t.dataType) {
    case DataType.FLOAT:
      return { dims, values: raw ? fromRaw(raw, Float32Array) : Float32Array.from(t.floatData) };
    case DataType.DOUBLE:
      return { dims, values: raw ? fromRaw(raw, Float64Array) : Float64Array.from(t.doubleData) };
    case DataType.INT64:
      return { dims, values: raw ? fromRaw(raw, BigInt64Array) : BigInt64Array.from(t.int64Data) };
    case DataType.INT32:
      return { dims, values: raw ? fromRaw(raw, Int32Array) : Int32Array.from(t.int32Data) };
    case DataType.BOOL:
    case DataType.UINT8:
      return { dims, values: raw ? new Uint8Array(raw) : Uint8Array.from(t.int32Data) };
    default:
      throw new Error(
        `initializer "${t.name}" has data type ${DataType[t.dataType] ?? t.dataType}, which is not supported`,
      );
  }
}

/** Numbers of a (small) constant, e.g. axes, shapes or slice bounds. */
export const constNumbers = (c: ConstTensor): number[] =>
  Array.from(c.values as ArrayLike<number | bigint>, Number);
