/**
 * Finite-difference checks of VJP models, for the gradient-rule tests: the model's input gradient against
 * central differences of Σ output·cotangent, each difference evaluated by ORT (wasm) and summed in float64.
 */
import * as ort from 'onnxruntime-web';
import type { ModelProto } from 'onnx-buf';
import { floatValues, ortEngine, type Engine } from '../backbone/engine';
import { buildVjp } from '../autodiff/vjp';
import { measureGraph } from '../autodiff/graphFacts';
import {
  buildModel,
  encodeModel,
  floatTensor,
  node,
  tensorInfo,
  type AttributeValue,
  type TensorProto,
} from '../onnx/builder';
import { createRng } from '../random';
import { relativeL2 } from '../stats';

ort.env.wasm.numThreads = 1;
export const wasmEngine: Engine = ortEngine(ort, { executionProviders: ['wasm'] });

export interface GradCheck {
  /** Relative L2 error of the VJP gradient against the finite differences. */
  error: number;
  gradient: Float32Array;
  numeric: Float64Array;
}

export interface GradCheckOptions {
  inputName?: string;
  inputDims: number[];
  outputs?: string[];
  seed?: number;
  /** Step of the central differences. */
  eps?: number;
  /** Input values; default standard normal. */
  input?: Float32Array;
}

const size = (dims: number[]) => dims.reduce((a, b) => a * b, 1);

export async function gradCheck(model: ModelProto, options: GradCheckOptions): Promise<GradCheck> {
  const inputName = options.inputName ?? model.graph!.input[0].name;
  const outputs = options.outputs ?? model.graph!.output.map((o) => o.name);
  const rng = createRng(options.seed ?? 1);
  const eps = options.eps ?? 1e-2;
  const x = options.input ?? Float32Array.from({ length: size(options.inputDims) }, () => rng.normal());

  const facts = await measureGraph(model, inputName, options.inputDims, wasmEngine);
  const vjp = buildVjp(model, { outputs }, facts);
  const cotangents = outputs.map((o) =>
    Float32Array.from({ length: size(facts.shapes.get(o)!) }, () => rng.normal()),
  );

  const session = await ort.InferenceSession.create(encodeModel(vjp.model), { executionProviders: ['wasm'] });
  const feeds: Record<string, ort.Tensor> = { [inputName]: new ort.Tensor('float32', x, options.inputDims) };
  outputs.forEach(
    (o, i) => (feeds[vjp.cotangents[i]] = new ort.Tensor('float32', cotangents[i], facts.shapes.get(o)!)),
  );
  const out = await session.run(feeds);
  const gradient = out[vjp.gradient].data as Float32Array;
  await session.release();

  const forward = await wasmEngine(encodeModel(model), inputName);
  const objective = async (probe: Float32Array) => {
    const y = await forward.run(probe, options.inputDims);
    let sum = 0;
    outputs.forEach((o, i) => floatValues(y, o).forEach((v, k) => (sum += v * cotangents[i][k])));
    return sum;
  };
  const numeric = new Float64Array(x.length);
  const probe = Float32Array.from(x);
  for (let i = 0; i < x.length; i++) {
    probe[i] = x[i] + eps;
    const plus = await objective(probe);
    probe[i] = x[i] - eps;
    const minus = await objective(probe);
    probe[i] = x[i];
    numeric[i] = (plus - minus) / (2 * eps);
  }
  await forward.release();
  return { error: relativeL2(gradient, numeric), gradient, numeric };
}

export interface OpInput {
  dims: number[];
  /** Constant values (an initializer); absent = the differentiated graph input. */
  value?: Float32Array | TensorProto;
}

/**
 * A one-node model: inputs without a value become graph input `x` (exactly one), the others initializers.
 * For ops with several outputs, list their names in `outputs`.
 */
export function opModel(
  op: string,
  inputs: OpInput[],
  attrs: Record<string, AttributeValue> = {},
  options: { outputs?: string[]; opset?: number } = {},
): { model: ModelProto; inputDims: number[] } {
  const names = inputs.map((inp, i) => (inp.value === undefined ? 'x' : `c${i}`));
  const data = inputs.find((inp) => inp.value === undefined);
  if (!data) throw new Error('opModel needs one input without a value');
  const outputs = options.outputs ?? ['y'];
  const initializers = inputs.flatMap((inp, i) => {
    if (inp.value === undefined) return [];
    return [
      inp.value instanceof Float32Array
        ? floatTensor(names[i], inp.dims, inp.value)
        : { ...inp.value, name: names[i] },
    ];
  });
  return {
    model: buildModel({
      name: op,
      inputs: [tensorInfo('x', data.dims)],
      outputs: outputs.map((o) => tensorInfo(o, undefined)),
      initializers: initializers as TensorProto[],
      nodes: [node(op, names, outputs, attrs)],
      opset: options.opset,
    }),
    inputDims: data.dims,
  };
}

/** Seeded normal values for constant inputs. */
export function normals(n: number, seed: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal() * scale);
}
