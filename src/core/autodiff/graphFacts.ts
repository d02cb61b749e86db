/**
 * What the VJP builder must know about a forward graph at one input shape: every tensor's shape, which
 * tensors depend on the input's values, and the values of all others (constants and shape plumbing) so
 * they can be folded. Shapes and values come from running the model once on a blank input, which is exact
 * for every op ORT knows; no shape inference of our own is needed.
 */
import { clone, create } from '@bufbuild/protobuf';
import { ModelProtoSchema, ValueInfoProtoSchema, type ModelProto } from 'onnx-buf';
import type { Engine, TensorValues } from '../backbone/engine';
import { encodeModel } from '../onnx/builder';
import { tensorValues, type ConstTensor, type ConstValues } from '../onnx/tensor';

export interface GraphFacts {
  inputName: string;
  inputDims: number[];
  shapes: Map<string, number[]>;
  /** Tensors whose values follow from the input's values (everything else is constant at this shape). */
  valueDependent: Set<string>;
  /** Values of constant tensors: initializers, and node outputs that are not value-dependent. */
  constants: Map<string, ConstTensor>;
  /** Element type per tensor, as far as gradients care. */
  floats: Set<string>;
}

/** Ops whose outputs depend only on their inputs' shapes, never on their values. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

export function valueDependentTensors(model: ModelProto, inputName: string): Set<string> {
  const dependent = new Set([inputName]);
  for (const node of model.graph!.node) {
    if (SHAPE_ONLY.has(node.opType)) continue;
    if (node.input.some((i) => dependent.has(i)))
      node.output.filter(Boolean).forEach((o) => dependent.add(o));
  }
  return dependent;
}

function constValues(data: TensorValues): ConstValues {
  if (
    data instanceof Float32Array ||
    data instanceof Float64Array ||
    data instanceof Int32Array ||
    data instanceof BigInt64Array ||
    data instanceof Uint8Array
  )
    return data;
  return Int32Array.from(data as ArrayLike<number>);
}

export async function measureGraph(
  model: ModelProto,
  inputName: string,
  inputDims: number[],
  engine: Engine,
): Promise<GraphFacts> {
  const graph = model.graph!;
  const names = [...new Set(graph.node.flatMap((n) => n.output.filter(Boolean)))];
  const probe = clone(ModelProtoSchema, model);
  // Outputs without declared types: ORT takes each one's type from the node that makes it.
  probe.graph!.output = names.map((name) => create(ValueInfoProtoSchema, { name }));
  const session = await engine(encodeModel(probe), inputName);
  let out;
  try {
    out = await session.run(new Float32Array(inputDims.reduce((a, b) => a * b, 1)), inputDims);
  } finally {
    await session.release();
  }
  const valueDependent = valueDependentTensors(model, inputName);
  const shapes = new Map<string, number[]>([[inputName, inputDims]]);
  const constants = new Map<string, ConstTensor>();
  const floats = new Set<string>([inputName]);
  for (const init of graph.initializer) {
    const c = tensorValues(init);
    constants.set(init.name, c);
    shapes.set(init.name, c.dims);
    if (c.values instanceof Float32Array) floats.add(init.name);
  }
  for (const name of names) {
    const { data, dims } = out[name];
    shapes.set(name, [...dims]);
    if (data instanceof Float32Array) floats.add(name);
    if (!valueDependent.has(name)) constants.set(name, { dims: [...dims], values: constValues(data) });
  }
  return { inputName, inputDims, shapes, valueDependent, constants, floats };
}
