/**
 * The dream optimiser: images whose predicted responses maximise an objective over a fitted encoder.
 * Per step: parameters → images (parameterisation.ts) → random affine resampling onto the encoder's input
 * (transforms.ts) → one run of the encoder's VJP graph with the objective's cotangent (objective.ts) →
 * image gradient, plus the priors' (prior.ts) → parameter gradient → Adam. Every random draw comes from
 * the seed, so the same settings give the same images (bitwise on the same backend).
 */
import type { ModelProto } from 'onnx-buf';
import { openVjp, prepareVjp } from '../autodiff/gradient';
import type { Engine } from '../backbone/engine';
import type { RoiSet } from '../bundle/types';
import type { Encoder } from '../fit/encoder';
import { ENCODER_OUTPUT, encoderModel } from '../fit/encoderOnnx';
import type { JobContext } from '../jobs/progress';
import { createRng, deriveSeed } from '../random';
import { Adam } from './adam';
import { toRgbBytes } from './images';
import { resolveObjective, responseLoss, type ObjectiveSpec } from './objective';
import { imageParameterisation, type ParameterKind } from './parameterisation';
import { openPredictor } from './predict';
import { l2Prior, totalVariation } from './prior';
import { affineWarp, applyWarp, IDENTITY, randomAffine, warpBackward, type Affine } from './transforms';

export interface DreamSettings {
  objective: ObjectiveSpec;
  steps: number;
  /** Side of the optimised images; smaller than the encoder's input, they are upsampled onto it. */
  size: number;
  batch: number;
  seed: number;
  learningRate: number;
  parameterisation: ParameterKind;
  decorrelate: boolean;
  /** Strength of the random transforms: 0 none, 1 lucent's ranges (transforms.ts). */
  transforms: number;
  /** A frame after the first step, every this many steps, and after the last. */
  previewEvery: number;
}

/** lucent's choices (Adam 0.05, Fourier, decorrelated colour, standard transforms), one image. */
export const DREAM_DEFAULTS: Omit<DreamSettings, 'objective' | 'size'> = {
  steps: 128,
  batch: 1,
  seed: 0,
  learningRate: 0.05,
  parameterisation: 'fourier',
  decorrelate: true,
  transforms: 1,
  previewEvery: 8,
};

/** What a dream needs of an encoder: its graph (image → responses) and how to name its units. */
export interface DreamEncoder {
  graph: ModelProto;
  inputSize: number;
  unitCount: number;
  rois: RoiSet[];
}

export function dreamEncoder(backbone: ModelProto, encoder: Encoder): DreamEncoder {
  return {
    graph: encoderModel(backbone, encoder),
    inputSize: encoder.recipe.preprocessing.inputSize,
    unitCount: encoder.units.count,
    rois: encoder.rois,
  };
}

export interface TracePoint {
  step: number;
  /** Σ weight·term − diversity·similarity − tv·TV − l2·L2 at this step's transformed images. */
  objective: number;
  /** Each term's mean response over the batch. */
  terms: number[];
  similarity: number;
  tv: number;
  l2: number;
}

export interface DreamFrame {
  /** Steps done. */
  step: number;
  /** The images, batch × size² × 3 RGB bytes. */
  rgb: Uint8Array;
  trace: TracePoint[];
  /** The parameters, to continue from this image with other settings (`init` of dream()). */
  params: Float64Array;
  /** After the last step: responses (batch × units) of the images untransformed, at the encoder's input size. */
  responses?: Float32Array;
}

export class DreamSettingsError extends Error {
  override name = 'DreamSettingsError';
}

function checkSettings(s: DreamSettings, inputSize: number): void {
  const int = (v: number, lo: number, hi: number, what: string) => {
    if (!Number.isInteger(v) || v < lo || v > hi)
      throw new DreamSettingsError(`${what} must be an integer ${lo}..${hi}`);
  };
  int(s.steps, 0, 1e6, 'steps');
  int(s.size, 8, inputSize, 'size');
  int(s.batch, 1, 64, 'batch');
  int(s.previewEvery, 1, 1e6, 'previewEvery');
  if (!(s.learningRate > 0)) throw new DreamSettingsError('the learning rate must be > 0');
  if (!(s.transforms >= 0)) throw new DreamSettingsError('the transform strength must be ≥ 0');
}

/** Optimises images for `settings.objective`; yields preview frames; cancellable at every step through `ctx`. */
export async function* dream(
  settings: DreamSettings,
  target: DreamEncoder,
  engine: Engine,
  ctx: JobContext,
  init?: Float64Array,
): AsyncGenerator<DreamFrame> {
  const { batch, size, steps } = settings;
  const side = target.inputSize;
  checkSettings(settings, side);
  const objective = resolveObjective(settings.objective, target.rois, target.unitCount);
  const param = imageParameterisation({
    kind: settings.parameterisation,
    decorrelate: settings.decorrelate,
    batch,
    size,
  });
  if (init && init.length !== param.length)
    throw new DreamSettingsError(`init has ${init.length} parameters; these settings need ${param.length}`);
  const params = init ? Float64Array.from(init) : param.init(createRng(deriveSeed(settings.seed, 'init')));
  const transformRng = createRng(deriveSeed(settings.seed, 'transforms'));
  const adam = new Adam(param.length, { learningRate: settings.learningRate });

  const srcFrame = 3 * size * size;
  const dstFrame = 3 * side * side;
  const warpAll = (images: Float64Array, affines: Affine[]) => {
    const warps = affines.map((a) => affineWarp(a, size, side));
    const input = new Float32Array(batch * dstFrame);
    warps.forEach((w, b) =>
      applyWarp(w, images.subarray(b * srcFrame, (b + 1) * srcFrame), input.subarray(b * dstFrame), 0.5),
    );
    return { warps, input };
  };

  await ctx.checkpoint(0, 'building the gradient graph');
  const prepared = await prepareVjp(target.graph, [ENCODER_OUTPUT], [batch, 3, side, side], engine);
  const vjp = await openVjp(prepared, engine);
  const predictor = await openPredictor(target.graph, side, engine);
  const forward = (input: Float32Array) => predictor.run(input, batch);
  const trace: TracePoint[] = [];
  const frame = (step: number, responses?: Float32Array): DreamFrame => ({
    step,
    rgb: toRgbBytes(param.render(params), size),
    trace: trace.slice(),
    params: Float64Array.from(params),
    responses,
  });
  try {
    for (let step = 0; step < steps; step++) {
      await ctx.checkpoint(step / steps, `dream step ${step + 1} of ${steps}`);
      const images = param.render(params);
      const affines = Array.from({ length: batch }, () =>
        settings.transforms > 0 ? randomAffine(transformRng, settings.transforms) : IDENTITY,
      );
      const { warps, input } = warpAll(images, affines);
      // The diversity term's cotangent depends on the responses; the terms' does not.
      const needsForward = objective.diversity > 0 && batch > 1;
      const before = needsForward ? await forward(input) : new Float32Array(batch * target.unitCount);
      const { cotangent } = responseLoss(objective, before, target.unitCount);
      const { gradient, outputs } = await vjp.run(input, [cotangent]);
      const loss = responseLoss(objective, needsForward ? before : outputs[0], target.unitCount);

      const imageGradient = new Float64Array(images.length);
      warps.forEach((w, b) =>
        warpBackward(
          w,
          gradient.subarray(b * dstFrame, (b + 1) * dstFrame),
          imageGradient.subarray(b * srcFrame, (b + 1) * srcFrame),
        ),
      );
      const tv = totalVariation(images, size);
      const l2 = l2Prior(images);
      for (let i = 0; i < images.length; i++)
        imageGradient[i] += objective.tv * tv.gradient[i] + objective.l2 * l2.gradient[i];
      adam.step(params, param.backward(imageGradient));

      trace.push({
        step,
        objective: -loss.loss - objective.tv * tv.value - objective.l2 * l2.value,
        terms: loss.terms,
        similarity: loss.similarity,
        tv: tv.value,
        l2: l2.value,
      });
      if (step === 0 || (step + 1) % settings.previewEvery === 0) {
        if (step + 1 < steps) yield frame(step + 1);
      }
    }
    const clean = warpAll(param.render(params), new Array(batch).fill(IDENTITY));
    yield frame(steps, await forward(clean.input));
    await ctx.checkpoint(1, 'dream done');
  } finally {
    await vjp.release();
    await predictor.release();
  }
}
