/** Inference worker: ONNX Runtime sessions (backbones, gradient graphs) off the UI thread. */
import { wrap } from 'comlink';
import type { BackendPreference } from '../src/core/compute/backend';
import { floatValues } from '../src/core/backbone/engine';
import { computeFeatures, type BundleImages, type FeatureJob } from '../src/core/backbone/features';
import type { FeatureSet } from '../src/core/backbone/featureSet';
import { describeGeometry } from '../src/core/backbone/geometry';
import { layerTable } from '../src/core/backbone/layerTable';
import { parsePreprocessing, type Preprocessing } from '../src/core/backbone/preprocess';
import type { JobContext } from '../src/core/jobs/progress';
import { decodeModel, encodeModel } from '../src/core/onnx/builder';
import { imageInput, tapModel } from '../src/core/onnx/taps';
import type { StimulusPort } from './data.worker';
import { cacheSummary, clearCache, openCacheEntry } from './featureStore';
import {
  builtinModels,
  deleteModel,
  loadModelBytes,
  modelRecord,
  savePreprocessing,
  storedModels,
  storeModel,
  type ModelRecord,
} from './modelStore';
import { activeBackend, engine, openBackend } from './ortBackend';
import { prepareVjp, runVjp, type GradientTerm } from '../src/core/autodiff/gradient';
import { exposeJobs } from './runtime';

async function listModels() {
  const [builtin, stored] = await Promise.all([builtinModels().catch(() => []), storedModels()]);
  return [...builtin, ...stored];
}

/**
 * A model's layers with shapes, measured with one blank image on wasm: quick on any machine (a software
 * WebGPU adapter takes minutes for every layer of a big model), and the CPU kernels are the ones every
 * backend falls back to, so a model that runs here runs everywhere.
 */
async function describeModel(record: ModelRecord, bytes: Uint8Array, label: string, ctx: JobContext) {
  await ctx.checkpoint(0.2, 'reading the graph');
  let model;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    throw new Error(`${label}: not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  await ctx.checkpoint(0.4, 'measuring layer shapes');
  try {
    return { record, table: await layerTable(model, engine('wasm'), record.preprocessing.inputSize) };
  } catch (error) {
    throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
  }
}

async function readSidecar(file: File): Promise<Preprocessing> {
  let json;
  try {
    json = JSON.parse(await file.text());
  } catch (error) {
    throw new Error(`${file.name}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return parsePreprocessing(json, file.name);
}

/** Check a dropped model (and optional sidecar), keep it in OPFS, and describe it. */
async function addModel(args: { file: File; sidecar?: File }, ctx: JobContext) {
  const bytes = new Uint8Array(await args.file.arrayBuffer());
  const preprocessing = args.sidecar ? await readSidecar(args.sidecar) : parsePreprocessing({});
  const draft: ModelRecord = { id: '', name: args.file.name, size: bytes.length, preprocessing };
  const { table } = await describeModel(draft, bytes, args.file.name, ctx);
  return { record: await storeModel(args.file.name, bytes, preprocessing), table };
}

async function openModel(args: { id: string }, ctx: JobContext) {
  const record = await modelRecord(args.id);
  return describeModel(record, await loadModelBytes(args.id), record.name, ctx);
}

/** The last extracted features (kept for fitting) and the identity of the image set they were made from. */
let extracted: { set: FeatureSet; images: string } | undefined;

export interface ExtractRequest extends Omit<FeatureJob, 'model' | 'preprocessing'> {
  modelId: string;
  stimuli: MessagePort;
}

async function extractFeatures(args: ExtractRequest, ctx: JobContext) {
  const { modelId, stimuli, ...job } = args;
  const record = await modelRecord(modelId);
  const remote = wrap<StimulusPort>(stimuli);
  try {
    const info = await remote.info();
    const images: BundleImages = { ...info, read: (start, count) => remote.read(start, count) };
    const outcome = await computeFeatures(
      {
        ...job,
        model: { name: record.name, bytes: await loadModelBytes(modelId) },
        preprocessing: record.preprocessing,
      },
      images,
      engine(),
      openCacheEntry,
      ctx,
    ).catch((error: Error) => {
      throw error.name === 'CancelledError'
        ? error
        : new Error(`${record.name}: ${error.message}`, { cause: error });
    });
    extracted = { set: outcome.set, images: info.identity };
    return {
      model: record.name,
      backend: activeBackend(),
      images: info.count,
      cachedImages: outcome.cachedImages,
      imagesPerSecond: outcome.imagesPerSecond,
      layers: outcome.set.layers.map((l) => ({
        name: l.name,
        shape: describeGeometry(l.geometry),
        channels: l.channels.length,
        pool: l.pool,
        pca: l.pca ? l.dim : 0,
        dim: l.dim,
      })),
      cache: await cacheSummary(),
    };
  } finally {
    stimuli.close();
  }
}

/** Raw tap outputs for a given input (conformance checks and benchmarks compare them with references). */
async function runTaps(args: { model: Uint8Array; taps: string[]; input: Float32Array; dims: number[] }) {
  const model = decodeModel(args.model);
  const session = await engine()(encodeModel(tapModel(model, args.taps)), imageInput(model).name);
  try {
    const out = await session.run(args.input, args.dims);
    return {
      backend: activeBackend(),
      outputs: args.taps.map((t) => ({ name: t, dims: [...out[t].dims], data: floatValues(out, t) })),
    };
  } finally {
    await session.release();
  }
}

/** Input gradient of Σ output·cotangent on the active backend (conformance checks, benchmarks). */
async function inputGradient(args: {
  model: Uint8Array;
  input: Float32Array;
  dims: number[];
  terms: GradientTerm[];
}) {
  const model = decodeModel(args.model);
  const prepared = await prepareVjp(
    model,
    args.terms.map((t) => t.output),
    args.dims,
    engine('wasm'),
  );
  const started = performance.now();
  const { gradient } = await runVjp(
    prepared,
    args.input,
    args.terms.map((t) => t.cotangent),
    engine(),
  );
  return {
    backend: activeBackend(),
    gradient,
    ms: performance.now() - started,
    fallbacks: prepared.fallbacks,
  };
}

/** Median ms of one forward pass (to `output`) and of one VJP, on the active backend (`npm run bench`). */
async function timeGradient(args: { model: Uint8Array; output: string; dims: number[]; runs: number }) {
  const model = decodeModel(args.model);
  const prepared = await prepareVjp(model, [args.output], args.dims, engine('wasm'));
  const size = (d: number[]) => d.reduce((a, b) => a * b, 1);
  const input = Float32Array.from({ length: size(args.dims) }, (_, i) => Math.sin(i));
  const cotangent = Float32Array.from({ length: size(prepared.outputDims[0]) }, (_, i) => Math.cos(i));
  // At least `runs` runs and at least a second of them, so sub-millisecond passes get a stable median.
  const median = async (run: () => Promise<unknown>) => {
    await run();
    const times: number[] = [];
    let total = 0;
    while (times.length < args.runs || (total < 1000 && times.length < 500)) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
      total += times[times.length - 1];
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
  };
  const forward = await engine()(encodeModel(tapModel(model, [args.output])), prepared.inputName);
  const backward = await engine()(prepared.bytes, prepared.inputName);
  const extra = { [prepared.cotangents[0]]: { data: cotangent, dims: prepared.outputDims[0] } };
  try {
    return {
      backend: activeBackend(),
      forwardMs: await median(() => forward.run(input, args.dims)),
      vjpMs: await median(() => backward.run(input, args.dims, extra)),
      fallbacks: prepared.fallbacks.length,
    };
  } finally {
    await forward.release();
    await backward.release();
  }
}

/** A copy of the last extracted features (the page moves it on to the fitting worker). */
async function featureSet() {
  if (!extracted) throw new Error('no features in memory: extract features in the Backbone panel first');
  return extracted;
}

export type ExtractionSummary = Awaited<ReturnType<typeof extractFeatures>>;

export const inferenceJobs = {
  openBackend: (args: { preference: BackendPreference }) => openBackend(args.preference),
  listModels,
  addModel,
  openModel,
  deleteModel: async (args: { id: string }) => deleteModel(args.id),
  savePreprocessing: async (args: { id: string; preprocessing: Preprocessing }) =>
    savePreprocessing(args.id, parsePreprocessing(args.preprocessing)),
  extractFeatures,
  featureSet,
  runTaps,
  inputGradient,
  timeGradient,
  featureCache: async () => cacheSummary(),
  clearFeatureCache: async () => clearCache(),
};

export type InferenceJobs = typeof inferenceJobs;

exposeJobs(inferenceJobs);
