/**
 * The inference engine as extraction sees it: a session that maps one float32 input to named float32
 * outputs. `ortEngine` adapts onnxruntime-web (browser, Node) and onnxruntime-node alike, which share
 * this API; the caller picks the package and its execution provider.
 */

export interface EngineOutput {
  data: Float32Array;
  dims: readonly number[];
}

export interface EngineSession {
  run(input: Float32Array, dims: number[]): Promise<Record<string, EngineOutput>>;
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
      async run(input, dims) {
        const out = await session.run({ [inputName]: new ort.Tensor('float32', input, dims) });
        return Object.fromEntries(
          Object.entries(out).map(([name, t]) => {
            if (!(t.data instanceof Float32Array))
              throw new Error(`output "${name}" is not float32; taps must be float32 tensors`);
            return [name, { data: t.data, dims: t.dims }];
          }),
        );
      },
      release: () => session.release(),
    };
  };
}
