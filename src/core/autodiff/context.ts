/**
 * What a gradient rule sees and can do: the forward node, static shapes and constant values at the
 * measured input shape, the cotangents of the node's outputs, and an emitter for backward nodes. The
 * emitter knows the model's opset and writes ops in the form that opset wants (e.g. ReduceSum's axes as
 * an attribute before 13 and an input from 13).
 */
import type { NodeProto, TensorProto } from 'onnx-buf';
import { AttributeProto_AttributeType } from 'onnx-buf';
import { floatTensor, int64Tensor, node, type AttributeValue } from '../onnx/builder';
import { constNumbers, type ConstTensor } from '../onnx/tensor';

export class GradientError extends Error {
  override name = 'GradientError';
}

/** Emits backward nodes and constants with fresh, collision-free names. */
export class Emitter {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  constructor(
    readonly opset: number,
    private readonly taken: Set<string>,
  ) {}

  fresh(hint: string): string {
    let name: string;
    do name = `vjp/${hint}_${++this.count}`;
    while (this.taken.has(name));
    this.taken.add(name);
    return name;
  }

  /** One node; returns its output names (`outputs` of them). */
  emitMany(op: string, inputs: string[], attrs: Record<string, AttributeValue> = {}, outputs = 1): string[] {
    const names = Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()));
    this.nodes.push(node(op, inputs, names, attrs, this.fresh(op)));
    return names;
  }

  emit(op: string, inputs: string[], attrs: Record<string, AttributeValue> = {}): string {
    return this.emitMany(op, inputs, attrs, 1)[0];
  }

  floats(values: ArrayLike<number>, dims: number[]): string {
    const name = this.fresh('const');
    this.initializers.push(floatTensor(name, dims, Float32Array.from(values)));
    return name;
  }

  scalar(value: number): string {
    return this.floats([value], []);
  }

  ints(values: number[]): string {
    const name = this.fresh('ints');
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  reduceSum(x: string, axes: number[], keepdims: boolean): string {
    if (axes.length === 0) return x;
    const k = keepdims ? 1 : 0;
    return this.opset >= 13
      ? this.emit('ReduceSum', [x, this.ints(axes)], { keepdims: k })
      : this.emit('ReduceSum', [x], { axes, keepdims: k });
  }

  reduceMean(x: string, axes: number[], keepdims: boolean): string {
    const k = keepdims ? 1 : 0;
    return this.opset >= 18
      ? this.emit('ReduceMean', [x, this.ints(axes)], { keepdims: k })
      : this.emit('ReduceMean', [x], { axes, keepdims: k });
  }

  unsqueeze(x: string, axes: number[]): string {
    return this.opset >= 13
      ? this.emit('Unsqueeze', [x, this.ints(axes)])
      : this.emit('Unsqueeze', [x], { axes });
  }

  squeeze(x: string, axes: number[]): string {
    return this.opset >= 13
      ? this.emit('Squeeze', [x, this.ints(axes)])
      : this.emit('Squeeze', [x], { axes });
  }

  reshape(x: string, dims: number[]): string {
    return this.emit('Reshape', [x, this.ints(dims)]);
  }

  /** Sum `grad` (of shape `from`) down to `to` under numpy broadcasting, then reshape to `to`. */
  unbroadcast(grad: string, from: number[], to: number[]): string {
    if (from.length === to.length && from.every((d, i) => d === to[i])) return grad;
    const lead = from.length - to.length;
    const axes = from.map((_, i) => i).filter((i) => i < lead || (to[i - lead] === 1 && from[i] !== 1));
    return this.reshape(this.reduceSum(grad, axes, true), to);
  }
}

/** A forward node as its gradient rule sees it. */
export class GradContext {
  constructor(
    readonly node: NodeProto,
    readonly emitter: Emitter,
    private readonly shapes: Map<string, number[]>,
    private readonly constants: Map<string, ConstTensor>,
    private readonly outputGrads: (string | undefined)[],
    private readonly inputNeedsGrad: boolean[],
  ) {}

  get opset(): number {
    return this.emitter.opset;
  }

  /** Name of input i ('' when an optional input is absent). */
  input(i: number): string {
    return this.node.input[i] ?? '';
  }

  output(i: number): string {
    return this.node.output[i] ?? '';
  }

  /** Cotangent of output i, or undefined when no gradient flows into it. */
  gradOut(i: number): string | undefined {
    return this.outputGrads[i];
  }

  needsGrad(i: number): boolean {
    return this.inputNeedsGrad[i] ?? false;
  }

  shape(name: string): number[] {
    const s = this.shapes.get(name);
    if (!s) throw this.error(`no shape known for tensor "${name}"`);
    return s;
  }

  /** Value of a constant input (initializer, Constant, folded plumbing), or undefined if it depends on the image. */
  constant(name: string): ConstTensor | undefined {
    return this.constants.get(name);
  }

  /** Integer values of a constant input (axes, shapes, pads…); errors if the input is not constant. */
  ints(name: string): number[] {
    const c = this.constant(name);
    if (!c) throw this.error(`input "${name}" must be constant for its gradient`);
    return constNumbers(c);
  }

  private attribute(name: string) {
    return this.node.attribute.find((a) => a.name === name);
  }

  attrInt(name: string, fallback: number): number {
    const a = this.attribute(name);
    return a ? Number(a.i) : fallback;
  }

  attrFloat(name: string, fallback: number): number {
    const a = this.attribute(name);
    return a ? a.f : fallback;
  }

  attrInts(name: string, fallback: number[]): number[] {
    const a = this.attribute(name);
    return a ? a.ints.map(Number) : fallback;
  }

  attrString(name: string, fallback: string): string {
    const a = this.attribute(name);
    return a && a.type === AttributeProto_AttributeType.STRING ? new TextDecoder().decode(a.s) : fallback;
  }

  error(message: string): GradientError {
    return new GradientError(
      `${this.node.opType} node "${this.node.name || this.node.output[0]}": ${message}`,
    );
  }
}

/**
 * A gradient rule: given the cotangents of the node's outputs, emit nodes computing the cotangent of each
 * input that needs one (undefined for the others).
 */
export type GradRule = (ctx: GradContext, e: Emitter) => (string | undefined)[];
