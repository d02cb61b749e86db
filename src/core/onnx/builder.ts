/**
 * Build ONNX models in code (protobuf via onnx-buf). Used for the backend self-test now,
 * and by layer taps, readouts and gradient graphs later.
 */
import { create, toBinary, fromBinary } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema,
  AttributeProto_AttributeType,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  TensorProtoSchema,
  TensorProto_DataType,
  ValueInfoProtoSchema,
  type AttributeProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf';

export type { ModelProto, NodeProto, TensorProto, ValueInfoProto };
export const DataType = TensorProto_DataType;

/** A float attribute whose value happens to be whole (plain whole numbers are written as INT). */
export interface FloatAttribute {
  float: number;
}

export const floatAttr = (value: number): FloatAttribute => ({ float: value });

export type AttributeValue = number | string | number[] | TensorProto | FloatAttribute;

/** A float32 initializer stored as raw little-endian bytes. */
export function floatTensor(name: string, dims: number[], values: Float32Array): TensorProto {
  if (values.length !== dims.reduce((a, b) => a * b, 1)) {
    throw new Error(`Tensor ${name}: ${values.length} values do not fill shape [${dims.join(', ')}]`);
  }
  const bytes = new Uint8Array(values.byteLength);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.FLOAT,
    rawData: bytes,
  });
}

/** An integer initializer: int64 by default (shapes, axes, slice bounds), or int32 / bool. */
export function int64Tensor(
  name: string,
  values: number[],
  dims: number[] = [values.length],
  dataType: number = TensorProto_DataType.INT64,
): TensorProto {
  const width = dataType === TensorProto_DataType.INT64 ? 8 : dataType === TensorProto_DataType.INT32 ? 4 : 1;
  const bytes = new Uint8Array(values.length * width);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => {
    if (width === 8) view.setBigInt64(i * 8, BigInt(v), true);
    else if (width === 4) view.setInt32(i * 4, v, true);
    else view.setUint8(i, v);
  });
  return create(TensorProtoSchema, { name, dims: dims.map(BigInt), dataType, rawData: bytes });
}

/** A tensor input/output declaration; a string dim is symbolic (e.g. 'batch'); no shape = unknown rank. */
export function tensorInfo(
  name: string,
  shape: (number | string)[] | undefined,
  elemType: number = TensorProto_DataType.FLOAT,
): ValueInfoProto {
  const dim = shape?.map((d) =>
    typeof d === 'number'
      ? { value: { case: 'dimValue' as const, value: BigInt(d) } }
      : { value: { case: 'dimParam' as const, value: d } },
  );
  return create(ValueInfoProtoSchema, {
    name,
    type: { value: { case: 'tensorType', value: { elemType, shape: dim ? { dim } : undefined } } },
  });
}

function attribute(name: string, value: AttributeValue): AttributeProto {
  const T = AttributeProto_AttributeType;
  if (typeof value === 'string') {
    return create(AttributeProtoSchema, { name, type: T.STRING, s: new TextEncoder().encode(value) });
  }
  if (typeof value === 'object' && 'float' in value) {
    return create(AttributeProtoSchema, { name, type: T.FLOAT, f: value.float });
  }
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? create(AttributeProtoSchema, { name, type: T.INT, i: BigInt(value) })
      : create(AttributeProtoSchema, { name, type: T.FLOAT, f: value });
  }
  if (Array.isArray(value)) {
    return value.every(Number.isInteger)
      ? create(AttributeProtoSchema, { name, type: T.INTS, ints: value.map(BigInt) })
      : create(AttributeProtoSchema, { name, type: T.FLOATS, floats: value });
  }
  return create(AttributeProtoSchema, { name, type: T.TENSOR, t: value });
}

export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attributes: Record<string, AttributeValue> = {},
  name = `${opType}_${outputs[0]}`,
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    name,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)),
  });
}

export interface GraphSpec {
  name: string;
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  nodes: NodeProto[];
  initializers?: TensorProto[];
  opset?: number;
}

export function buildModel(spec: GraphSpec): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'boldstudio',
    opsetImport: [{ domain: '', version: BigInt(spec.opset ?? 17) }],
    graph: create(GraphProtoSchema, {
      name: spec.name,
      input: spec.inputs,
      output: spec.outputs,
      node: spec.nodes,
      initializer: spec.initializers ?? [],
    }),
  });
}

export const encodeModel = (model: ModelProto): Uint8Array => toBinary(ModelProtoSchema, model);
export const decodeModel = (bytes: Uint8Array): ModelProto => fromBinary(ModelProtoSchema, bytes);
