/**
 * Input gradients of any image model: measure the graph at the input's shape, build the VJP model, run it.
 * Shared by `boldstudio vjp`, the inference worker (dreams, saliency) and the conformance tests.
 */
import type { ModelProto } from 'onnx-buf';
import { floatValues, type Engine } from '../backbone/engine';
import { encodeModel } from '../onnx/builder';
import { imageInput } from '../onnx/taps';
import { measureGraph } from './graphFacts';
import { buildVjp, type VjpModel } from './vjp';
import { webgpuFallbacks, type Fallback } from './webgpuOps';

export interface GradientTerm {
  output: string;
  cotangent: Float32Array;
}

export interface PreparedVjp extends VjpModel {
  bytes: Uint8Array;
  inputDims: number[];
  outputDims: number[][];
  fallbacks: Fallback[];
}

/** The VJP model for these outputs at this input shape (measuring the graph with `engine`, wasm is fine). */
export async function prepareVjp(
  model: ModelProto,
  outputs: string[],
  inputDims: number[],
  engine: Engine,
): Promise<PreparedVjp> {
  const facts = await measureGraph(model, imageInput(model).name, inputDims, engine);
  const vjp = buildVjp(model, { outputs }, facts);
  return {
    ...vjp,
    bytes: encodeModel(vjp.model),
    inputDims,
    outputDims: outputs.map((o) => facts.shapes.get(o)!),
    fallbacks: webgpuFallbacks(vjp.model),
  };
}

export interface VjpSession {
  /** d(Σ_k Σ output_k · cotangent_k)/d(input), and the forward outputs. */
  run(
    input: Float32Array,
    cotangents: Float32Array[],
  ): Promise<{ gradient: Float32Array; outputs: Float32Array[] }>;
  release(): Promise<void>;
}

/** One session on a prepared VJP model, for callers that run it many times (dreams: once per step). */
export async function openVjp(prepared: PreparedVjp, engine: Engine): Promise<VjpSession> {
  const session = await engine(prepared.bytes, prepared.inputName);
  return {
    async run(input, cotangents) {
      const extra = Object.fromEntries(
        prepared.cotangents.map((name, i) => [name, { data: cotangents[i], dims: prepared.outputDims[i] }]),
      );
      const out = await session.run(input, prepared.inputDims, extra);
      const outputs = prepared.model.graph!.output.slice(0, -1).map((o) => floatValues(out, o.name));
      return { gradient: floatValues(out, prepared.gradient), outputs };
    },
    release: () => session.release(),
  };
}

/** d(Σ_k Σ output_k · cotangent_k)/d(input) by running a prepared VJP model once. */
export async function runVjp(
  prepared: PreparedVjp,
  input: Float32Array,
  cotangents: Float32Array[],
  engine: Engine,
): Promise<{ gradient: Float32Array; outputs: Float32Array[] }> {
  const session = await openVjp(prepared, engine);
  try {
    return await session.run(input, cotangents);
  } finally {
    await session.release();
  }
}
