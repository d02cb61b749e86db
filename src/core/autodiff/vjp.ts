/**
 * Reverse-mode autodiff as a graph transformation: from a forward ONNX model and the facts measured at one
 * input shape (graphFacts.ts), build a model that takes the image and one cotangent per chosen output and
 * returns the forward outputs plus the vector-Jacobian product d(Σ output·cotangent)/d(image).
 *
 * Everything that does not depend on the image's values is folded to constants (shape plumbing included),
 * so the backward graph is plain float arithmetic that runs on WebGPU without CPU round trips.
 */
import { clone } from '@bufbuild/protobuf';
import { ModelProtoSchema, type ModelProto, type NodeProto, type TensorProto } from 'onnx-buf';
import { DataType, floatTensor, int64Tensor, node, tensorInfo } from '../onnx/builder';
import type { ConstTensor } from '../onnx/tensor';
import { Emitter, GradContext, GradientError, type GradRule } from './context';
import type { GraphFacts } from './graphFacts';
import { RULES } from './rules';

export interface VjpSpec {
  /** Forward outputs whose weighted sum is differentiated (any tensor of the graph). */
  outputs: string[];
}

export interface VjpModel {
  model: ModelProto;
  inputName: string;
  /** Cotangent input name per chosen output, in order. */
  cotangents: string[];
  /** Name of the gradient output. */
  gradient: string;
}

function constantTensor(name: string, c: ConstTensor): TensorProto {
  const v = c.values;
  if (v instanceof Float32Array) return floatTensor(name, c.dims, v);
  if (v instanceof BigInt64Array) return int64Tensor(name, Array.from(v, Number), c.dims);
  if (v instanceof Int32Array) return int64Tensor(name, Array.from(v), c.dims, DataType.INT32);
  if (v instanceof Uint8Array) return int64Tensor(name, Array.from(v), c.dims, DataType.BOOL);
  return floatTensor(name, c.dims, Float32Array.from(v));
}

function opsetOf(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry ? Number(entry.version) : 1;
}

/** Nodes (in order) needed to compute `wanted`, following inputs backwards. */
function ancestors(nodes: NodeProto[], wanted: Iterable<string>): NodeProto[] {
  const need = new Set(wanted);
  const keep: NodeProto[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (!nodes[i].output.some((o) => need.has(o))) continue;
    keep.push(nodes[i]);
    nodes[i].input.filter(Boolean).forEach((n) => need.add(n));
  }
  return keep.reverse();
}

export function buildVjp(
  model: ModelProto,
  spec: VjpSpec,
  facts: GraphFacts,
  rules: Record<string, GradRule> = RULES,
): VjpModel {
  const graph = model.graph!;
  const input = facts.inputName;
  for (const out of spec.outputs) {
    if (!facts.shapes.has(out)) throw new GradientError(`no tensor named "${out}" in this model`);
    if (!facts.valueDependent.has(out))
      throw new GradientError(`"${out}" does not depend on the input image`);
    if (!facts.floats.has(out)) throw new GradientError(`"${out}" is not a float tensor`);
  }
  // Forward: only nodes that compute image-dependent values; their constant inputs become initializers.
  const forward = ancestors(
    graph.node.filter((n) => n.output.some((o) => facts.valueDependent.has(o))),
    spec.outputs,
  );
  const taken = new Set<string>([...facts.shapes.keys(), ...graph.input.map((i) => i.name)]);
  const e = new Emitter(opsetOf(model), taken);

  // Tensors on a path from the image to the outputs carry gradients (float ones only).
  const onPath = new Set(spec.outputs);
  for (let i = forward.length - 1; i >= 0; i--) {
    const n = forward[i];
    if (!n.output.some((o) => onPath.has(o))) continue;
    n.input.filter((x) => facts.valueDependent.has(x) && facts.floats.has(x)).forEach((x) => onPath.add(x));
  }

  const cotangents = spec.outputs.map((o) => e.fresh(`cotangent_${o}`));
  const contributions = new Map<string, string[]>();
  const add = (name: string, grad: string) =>
    contributions.set(name, [...(contributions.get(name) ?? []), grad]);
  spec.outputs.forEach((o, i) => add(o, cotangents[i]));
  const total = (name: string): string | undefined => {
    const parts = contributions.get(name);
    if (!parts) return undefined;
    // A chain of Adds rather than Sum, which not every WebGPU build implements.
    const sum = parts.slice(1).reduce((acc, part) => e.emit('Add', [acc, part]), parts[0]);
    contributions.set(name, [sum]);
    return sum;
  };

  for (let i = forward.length - 1; i >= 0; i--) {
    const n = forward[i];
    const outGrads = n.output.map((o) => total(o));
    if (outGrads.every((g) => g === undefined)) continue;
    const needs = n.input.map((x) => onPath.has(x));
    if (!needs.some(Boolean)) continue;
    const rule = rules[n.opType];
    if (!rule)
      throw new GradientError(`no gradient rule for op ${n.opType} (node "${n.name || n.output[0]}")`);
    const ctx = new GradContext(n, e, facts.shapes, facts.constants, outGrads, needs);
    const grads = rule(ctx, e);
    n.input.forEach((x, k) => {
      if (needs[k] && grads[k]) add(x, grads[k]!);
    });
  }

  const inputGrad = total(input);
  if (!inputGrad) throw new GradientError(`the chosen outputs do not depend on input "${input}"`);
  const gradient = e.fresh(`grad_${input}`);
  e.nodes.push(node('Identity', [inputGrad], [gradient]));

  const vjp = clone(ModelProtoSchema, model);
  const g = vjp.graph!;
  const nodes = ancestors([...forward, ...e.nodes], [...spec.outputs, gradient]);
  const used = new Set(nodes.flatMap((n) => n.input));
  const produced = new Set(nodes.flatMap((n) => n.output));
  const initializers = [...graph.initializer, ...e.initializers].filter((t) => used.has(t.name));
  const present = new Set(initializers.map((t) => t.name));
  for (const name of used) {
    if (!name || produced.has(name) || present.has(name) || name === input || cotangents.includes(name))
      continue;
    const c = facts.constants.get(name);
    if (!c) throw new GradientError(`tensor "${name}" is neither computed nor constant`);
    initializers.push(constantTensor(name, c));
  }
  g.node = nodes;
  g.initializer = initializers;
  g.input = [
    tensorInfo(input, facts.inputDims),
    ...spec.outputs.map((o, i) => tensorInfo(cotangents[i], facts.shapes.get(o)!)),
  ];
  g.output = [
    ...spec.outputs.map((o) => tensorInfo(o, facts.shapes.get(o)!)),
    tensorInfo(gradient, facts.inputDims),
  ];
  g.valueInfo = [];
  return { model: vjp, inputName: input, cotangents, gradient };
}
