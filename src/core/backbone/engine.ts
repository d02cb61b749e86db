/**
 * The inference engine as core sees it: a session that maps one float32 input to named outputs. `ortEngine` adapts onnxruntime-web (browser, Node) and onnxruntime-node alike, which share
 * this API; the caller picks the package and its execution provider.
 */

export type TensorValues =
  | Float32Array
  | Float64Array
  | Int32Array
  | BigInt64Array
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array;

export interface EngineOutput {
  data: TensorValues;
  dims: readonly number[];
}

/** An output's values, which must be float32 (activations, gradients). */
export function floatValues(out: Record<string, EngineOutput>, name: string): Float32Array {
  const data = out[name]?.data;
  if (!(data instanceof Float32Array)) throw new Error(`output "${name}" is not a float32 tensor`);
  return data;
}

export interface EngineInput {
  data: Float32Array;
  dims: readonly number[];
}

export interface EngineSession {
  /** Run on the data input; `extra` feeds further float32 inputs by name (e.g. cotangents). */
  run(
    input: Float32Array,
    dims: number[],
    extra?: Record<string, EngineInput>,
  ): Promise<Record<string, EngineOutput>>;
  release(): Promise<void>;
}

/** Opens a session on serialized ONNX bytes whose single data input is `inputName`. */
export type Engine = (model: Uint8Array, inputName: string) => Promise<EngineSession>;

interface OrtTensorLike {
  data: unknown;
  dims: readonly number[];
  dispose?(): void;
}

interface OrtSessionLike {
  run(feeds: Record<string, unknown>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

export interface OrtLike {
  InferenceSession: { create(model: Uint8Array, options?: object): Promise<OrtSessionLike> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => unknown;
}

export function ortEngine(ort: OrtLike, sessionOptions: object): Engine {
  return async (model, inputName) => {
    const session = await ort.InferenceSession.create(model, sessionOptions);
    return {
      async run(input, dims, extra = {}) {
        const feeds: Record<string, unknown> = { [inputName]: new ort.Tensor('float32', input, dims) };
        for (const [name, t] of Object.entries(extra))
          feeds[name] = new ort.Tensor('float32', t.data, t.dims);
        const out = await session.run(feeds);
        return Object.fromEntries(
          Object.entries(out).map(([name, t]) => [name, { data: t.data as TensorValues, dims: t.dims }]),
        );
      },
      release: () => session.release(),
    };
  };
}
