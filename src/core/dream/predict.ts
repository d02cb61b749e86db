/** Forward passes of an encoder graph (image → responses), for dream steps and natural images alike. */
import type { ModelProto } from 'onnx-buf';
import { floatValues, type Engine } from '../backbone/engine';
import type { JobContext } from '../jobs/progress';
import { ENCODER_INPUT, ENCODER_OUTPUT } from '../fit/encoderOnnx';
import { encodeModel } from '../onnx/builder';
import { imageInput } from '../onnx/taps';

export interface Predictor {
  /** The graph's fixed batch size, if it has one. */
  fixedBatch?: number;
  /** Responses (n × units) of n images (n × 3 × side², RGB / 255). */
  run(images: Float32Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function openPredictor(graph: ModelProto, side: number, engine: Engine): Promise<Predictor> {
  const [batch] = imageInput(graph).shape;
  const session = await engine(encodeModel(graph), ENCODER_INPUT);
  return {
    fixedBatch: typeof batch === 'number' ? batch : undefined,
    run: async (images, n) => floatValues(await session.run(images, [n, 3, side, side]), ENCODER_OUTPUT),
    release: () => session.release(),
  };
}

/** Responses (n × units) of many images, `chunk` per run (or the graph's fixed batch size). */
export async function predictResponses(
  graph: ModelProto,
  images: Float32Array,
  side: number,
  engine: Engine,
  ctx: JobContext,
  chunk = 16,
): Promise<Float32Array> {
  const frame = 3 * side * side;
  const n = images.length / frame;
  const predictor = await openPredictor(graph, side, engine);
  const step = predictor.fixedBatch ?? chunk;
  if (n % step !== 0 && predictor.fixedBatch)
    throw new Error(`the encoder takes batches of ${step} images; ${n} is not a multiple`);
  try {
    const parts: Float32Array[] = [];
    for (let i = 0; i < n; i += step) {
      const count = Math.min(step, n - i);
      await ctx.checkpoint(i / n, `predicting images ${i + 1}–${i + count} of ${n}`);
      parts.push(await predictor.run(images.subarray(i * frame, (i + count) * frame), count));
    }
    const responses = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
    parts.reduce((offset, p) => (responses.set(p, offset), offset + p.length), 0);
    return responses;
  } finally {
    await predictor.release();
  }
}
