/**
 * Fitting worker: encoding-model fits off the UI thread. Matrix products go through onnxruntime on the
 * studio's backend (threaded wasm, or WebGPU), the rest of the fit runs here. Encoders are kept in OPFS
 * (`encoders/`); the open one stays here whole (the page gets its summary), ready for ONNX export and dreams.
 */
import { transfer } from 'comlink';
import { sha256Hex } from '../src/core/backbone/cacheKey';
import type { FeatureSet } from '../src/core/backbone/featureSet';
import {
  dream,
  dreamEncoder,
  type DreamEncoder,
  type DreamFrame,
  type DreamSettings,
} from '../src/core/dream/dream';
import { meanResponses, roiUnits } from '../src/core/dream/objective';
import type { Encoder } from '../src/core/fit/encoder';
import { readEncoder, writeEncoder } from '../src/core/fit/encoderHdf5';
import { encoderModel } from '../src/core/fit/encoderOnnx';
import { fitEncoder, type FitOptions, type FitSubject } from '../src/core/fit/fitEncoder';
import { encoderFileName, summarizeEncoder, type EncoderSummary } from '../src/core/fit/summary';
import type { JobContext } from '../src/core/jobs/progress';
import { subContext } from '../src/core/jobs/progress';
import { engineGemm } from '../src/core/numerics/ortGemm';
import { fitRidge, predictRidge, type RidgeOptions } from '../src/core/numerics/ridge';
import { decodeModel, encodeModel } from '../src/core/onnx/builder';
import { fileStore } from './fileStore';
import { h5Bytes } from './h5Bytes';
import { readHdf5File } from './localFiles';
import { builtinModels, loadModelBytes, storedModels } from './modelStore';
import { activeBackend, engine } from './ortBackend';
import { exposeJobs } from './runtime';

export interface RidgeJob {
  /** Training features (n × d) and targets (n × v), row-major. */
  x: Float32Array;
  y: Float32Array;
  n: number;
  d: number;
  v: number;
  /** Samples to predict (nTest × d). */
  test: Float32Array;
  nTest: number;
  options: Omit<RidgeOptions, 'gemm'>;
}

export interface RidgeResult {
  /** Predictions for the test samples (nTest × v). */
  pred: Float32Array;
  /** The α chosen per target. */
  alpha: Float64Array;
  /** What ran the matrix products. */
  products: string;
}

const gemmOnBackend = () => engineGemm(engine(), `onnxruntime-web ${activeBackend()}`);

async function ridge(job: RidgeJob, ctx: JobContext): Promise<RidgeResult> {
  const gemm = gemmOnBackend();
  try {
    const { x, y, n, d, v, test, nTest } = job;
    const fit = await fitRidge({ x, y, n, d, v }, { ...job.options, gemm }, subContext(ctx, 0, 0.95));
    const pred = await predictRidge(fit, test, nTest, gemm);
    await ctx.checkpoint(1, 'predicted');
    const products = fit.precision === 'float32' ? gemm.label : 'JS float64';
    return { pred, alpha: fit.alpha, products };
  } finally {
    await gemm.release();
  }
}

/** An encoder as the page sees it: the summary, and `id`, the name it is stored under. */
export interface FitView extends EncoderSummary {
  id: string;
}

const encoders = fileStore('encoders');
let held: { id: string; encoder: Encoder } | undefined;

function hold(id: string, encoder: Encoder): FitView {
  held = { id, encoder };
  return { id, ...summarizeEncoder(encoder) };
}

export interface FitRequest {
  features: FeatureSet;
  subject: FitSubject;
  options: Omit<FitOptions, 'gemm'>;
}

async function fit(request: FitRequest, ctx: JobContext): Promise<FitView> {
  const gemm = gemmOnBackend();
  let encoder: Encoder;
  try {
    encoder = await fitEncoder(
      request.features,
      request.subject,
      { ...request.options, gemm },
      subContext(ctx, 0, 0.97),
    );
  } finally {
    await gemm.release();
  }
  await ctx.checkpoint(0.97, 'writing the encoder');
  const bytes = await h5Bytes((file) => writeEncoder(file, encoder));
  return hold((await encoders.save(encoderFileName(encoder), bytes)).name, encoder);
}

/** Read an encoder file; a file that is not one is refused with a message that names it. */
const readEncoderFile = (file: File): Promise<Encoder> =>
  readHdf5File(file, 'a boldstudio encoder', readEncoder);

/** A dropped or picked encoder: read it, keep it in OPFS under its own name, hold it. */
async function openEncoder(args: { file: File }, ctx: JobContext): Promise<FitView> {
  await ctx.checkpoint(0.1, `reading ${args.file.name}`);
  const encoder = await readEncoderFile(args.file);
  await ctx.checkpoint(0.8, 'keeping it in this browser');
  const name = /\.h5$/i.test(args.file.name) ? args.file.name : `${args.file.name}.h5`;
  const stored = await encoders.save(name, new Uint8Array(await args.file.arrayBuffer()));
  return hold(stored.name, encoder);
}

async function openStoredEncoder(args: { id: string }, ctx: JobContext): Promise<FitView> {
  await ctx.checkpoint(0.1, `reading ${args.id}`);
  return hold(args.id, await readEncoderFile(await encoders.load(args.id)));
}

async function deleteEncoder(args: { id: string }): Promise<void> {
  await encoders.remove(args.id);
  if (held?.id === args.id) held = undefined;
  if (dreamTarget?.id === args.id) dreamTarget = undefined;
}

/** SHA-256 of each built-in backbone, computed once per worker. */
const builtinHashes = new Map<string, string>();

/** The ONNX bytes of the backbone with this hash, from the models the studio has (built-in or added). */
async function backboneBytes(model: { name: string; sha256: string }): Promise<Uint8Array> {
  // Added models are stored under their hash.
  if ((await storedModels()).some((m) => m.id === model.sha256)) return loadModelBytes(model.sha256);
  for (const builtin of await builtinModels()) {
    const bytes = await loadModelBytes(builtin.id);
    if (!builtinHashes.has(builtin.id)) builtinHashes.set(builtin.id, await sha256Hex(bytes));
    if (builtinHashes.get(builtin.id) === model.sha256) return bytes;
  }
  throw new Error(
    `the backbone ${model.name} (SHA-256 ${model.sha256.slice(0, 12)}…) is not in this studio: ` +
      'add that ONNX model in the Backbone panel, then export again',
  );
}

/** The held encoder when it is `id`, else the stored one. */
const encoderById = async (id: string): Promise<Encoder> =>
  held?.id === id ? held.encoder : readEncoderFile(await encoders.load(id));

/** The whole encoder (backbone, reduction, readout) as one ONNX model, as `<encoder name>.onnx`. */
async function exportOnnx(args: { id: string }, ctx: JobContext) {
  await ctx.checkpoint(0.05, 'finding the backbone');
  const encoder = await encoderById(args.id);
  const backbone = decodeModel(await backboneBytes(encoder.recipe.model));
  await ctx.checkpoint(0.5, 'building the encoder graph');
  const bytes = encodeModel(encoderModel(backbone, encoder));
  return transfer({ name: args.id.replace(/\.h5$/i, '') + '.onnx', bytes }, [bytes.buffer]);
}

export interface DreamRequest {
  /** The encoder to dream with (stored name). */
  id: string;
  settings: DreamSettings;
  /** Parameters of an earlier frame to continue from (same size, batch and parameterisation). */
  init?: Float64Array;
  /** Each preview frame before the last is posted here, its buffers moved. */
  frames: MessagePort;
}

/** A dream frame as the page gets it: with the first term's mean response instead of every unit's. */
export interface DreamView extends Omit<DreamFrame, 'responses'> {
  /** After the last step: the first term's mean predicted response over the batch, untransformed images. */
  response?: number;
}

/** The last encoder graph built for dreams: continuing a dream reuses it. */
let dreamTarget: { id: string; target: DreamEncoder } | undefined;

async function dreamTargetFor(id: string, ctx: JobContext): Promise<DreamEncoder> {
  if (dreamTarget?.id !== id) {
    await ctx.checkpoint(0, 'finding the backbone');
    const encoder = await encoderById(id);
    const backbone = decodeModel(await backboneBytes(encoder.recipe.model));
    dreamTarget = { id, target: dreamEncoder(backbone, encoder) };
  }
  return dreamTarget.target;
}

/** The first term's mean response over the batch (an ROI, or the units of a unit term). */
function firstTermResponse(frame: DreamFrame, settings: DreamSettings, target: DreamEncoder): number {
  const term = settings.objective.terms[0];
  const units =
    'roi' in term
      ? roiUnits(target.rois, term.roi)
      : Int32Array.from('unit' in term ? [term.unit] : term.units);
  const means = meanResponses(frame.responses!, target.unitCount, units);
  return means.reduce((s, x) => s + x, 0) / means.length;
}

/** Optimises images for an objective over the encoder on the studio's backend; previews go to `frames`. */
async function dreamJob(args: DreamRequest, ctx: JobContext): Promise<DreamView> {
  const { frames, settings } = args;
  try {
    const target = await dreamTargetFor(args.id, ctx);
    for await (const frame of dream(settings, target, engine(), ctx, args.init)) {
      const { responses, ...view } = frame;
      const buffers = [view.rgb.buffer, view.params.buffer];
      if (!responses) frames.postMessage(view satisfies DreamView, buffers);
      else return transfer({ ...view, response: firstTermResponse(frame, settings, target) }, buffers);
    }
    throw new Error('the dream ended without a last frame');
  } finally {
    frames.close();
  }
}

const jobs = {
  ridge,
  fit,
  openEncoder,
  openStoredEncoder,
  deleteEncoder,
  listEncoders: async () => encoders.list(),
  exportOnnx,
  dream: dreamJob,
};
export type FittingJobs = typeof jobs;
exposeJobs(jobs);
