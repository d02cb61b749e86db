/**
 * The one place that creates onnxruntime-web sessions in the browser: picks WebGPU or wasm
 * (src/core/compute/backend.ts decides), proves the choice with a self-test network, and falls
 * back to wasm when WebGPU fails. ORT's wasm files are served from our own origin (/ort/).
 */
import * as ort from 'onnxruntime-web/webgpu';
import {
  chooseBackend,
  wasmThreadCount,
  type AdapterFacts,
  type BackendKind,
  type BackendPreference,
  type BackendStatus,
} from '../src/core/compute/backend';
import { ortEngine, type Engine } from '../src/core/backbone/engine';
import { buildSelfTest, maxAbsDifference } from '../src/core/onnx/selftest';

let active: BackendStatus | undefined;

function configureWasm(): number {
  const threads = wasmThreadCount(self.crossOriginIsolated, navigator.hardwareConcurrency || 1);
  ort.env.wasm.wasmPaths = new URL(`${import.meta.env.BASE_URL}ort/`, self.location.origin).href;
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  return threads;
}

export async function probeAdapter(): Promise<AdapterFacts> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    return { available: false, reason: 'navigator.gpu is missing: WebGPU is disabled or unsupported' };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { available: false, reason: 'no WebGPU adapter was offered' };
    const info = adapter.info;
    const isFallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter;
    return {
      available: true,
      vendor: info.vendor,
      architecture: info.architecture,
      device: info.device,
      description: info.description,
      isFallback: isFallback ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter,
    };
  } catch (error) {
    return { available: false, reason: `requestAdapter failed: ${(error as Error).message}` };
  }
}

/** Session options for a backend. ORT's warning that shape ops run on the CPU is expected, so log errors only. */
const sessionOptions = (kind: BackendKind) =>
  ({ executionProviders: [kind], graphOptimizationLevel: 'all', logSeverityLevel: 3 }) as const;

export function createSession(model: Uint8Array, kind: BackendKind = active?.kind ?? 'wasm') {
  return ort.InferenceSession.create(model, sessionOptions(kind));
}

/** The engine for backbone work: the chosen backend (wasm until one was opened), or the one asked for. */
export function engine(kind: BackendKind = active?.kind ?? 'wasm'): Engine {
  if (!active) configureWasm();
  return ortEngine(ort, sessionOptions(kind));
}

export const activeBackend = (): BackendKind => active?.kind ?? 'wasm';

async function selfTest(kind: BackendKind): Promise<{ error: number; ms: number }> {
  const test = buildSelfTest();
  const session = await createSession(test.model, kind);
  try {
    const start = performance.now();
    const out = await session.run({
      [test.inputName]: new ort.Tensor('float32', test.input, test.inputShape),
    });
    const ms = performance.now() - start;
    const error = maxAbsDifference(out[test.outputName].data as Float32Array, test.expected);
    if (!(error < 1e-3)) throw new Error(`self-test output is wrong (max error ${error})`);
    return { error, ms };
  } finally {
    await session.release();
  }
}

/** Choose and verify a backend. Safe to call again with another preference. */
export async function openBackend(preference: BackendPreference): Promise<BackendStatus> {
  const threads = configureWasm();
  const adapter = await probeAdapter();
  let choice = chooseBackend(preference, adapter);
  let result: { error: number; ms: number };
  try {
    result = await selfTest(choice.kind);
  } catch (error) {
    if (choice.kind === 'wasm') throw error;
    choice = { kind: 'wasm', reason: `WebGPU failed its self-test (${(error as Error).message})` };
    result = await selfTest('wasm');
  }
  active = {
    kind: choice.kind,
    reason: choice.reason,
    adapter,
    threads,
    isolated: self.crossOriginIsolated,
    selfTestError: result.error,
    selfTestMs: result.ms,
  };
  return active;
}
