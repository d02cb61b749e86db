/**
 * Which ONNX Runtime execution provider to use, decided from what the platform offers.
 * Software WebGPU adapters (SwiftShader) run ORT tens of times slower than threaded wasm,
 * so "auto" only picks WebGPU on real hardware; users and tests can still force it.
 */

export type BackendPreference = 'auto' | 'webgpu' | 'wasm';
export type BackendKind = 'webgpu' | 'wasm';

export interface AdapterFacts {
  available: boolean;
  /** Why no adapter, when unavailable. */
  reason?: string;
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallback?: boolean;
}

export interface BackendChoice {
  kind: BackendKind;
  reason: string;
}

export function isSoftwareAdapter(adapter: AdapterFacts): boolean {
  const text = `${adapter.architecture ?? ''} ${adapter.vendor ?? ''} ${adapter.description ?? ''}`;
  return adapter.isFallback === true || /swiftshader|llvmpipe|lavapipe|software/i.test(text);
}

export function adapterName(adapter: AdapterFacts): string {
  if (!adapter.available) return 'none';
  const parts = [adapter.vendor, adapter.architecture, adapter.description || adapter.device].filter(Boolean);
  return parts.length ? [...new Set(parts)].join(' · ') : 'unnamed adapter';
}

export function chooseBackend(preference: BackendPreference, adapter: AdapterFacts): BackendChoice {
  if (preference === 'wasm') return { kind: 'wasm', reason: 'wasm chosen by the user' };
  if (!adapter.available) {
    return { kind: 'wasm', reason: `WebGPU unavailable (${adapter.reason ?? 'no adapter'})` };
  }
  if (preference === 'webgpu') return { kind: 'webgpu', reason: 'WebGPU chosen by the user' };
  if (isSoftwareAdapter(adapter)) {
    return {
      kind: 'wasm',
      reason: `the WebGPU adapter (${adapterName(adapter)}) is a software renderer, slower than wasm`,
    };
  }
  return { kind: 'webgpu', reason: 'hardware WebGPU adapter' };
}

/** wasm threads: one per core when SharedArrayBuffer is allowed (cross-origin isolated), else one. */
export function wasmThreadCount(isolated: boolean, hardwareConcurrency: number): number {
  return isolated ? Math.max(1, hardwareConcurrency) : 1;
}

export interface BackendStatus {
  kind: BackendKind;
  reason: string;
  adapter: AdapterFacts;
  threads: number;
  isolated: boolean;
  /** Largest absolute error of the self-test network against its JS reference. */
  selfTestError: number;
  selfTestMs: number;
}

export function describeBackend(status: BackendStatus): string {
  return status.kind === 'webgpu'
    ? `WebGPU · ${adapterName(status.adapter)}`
    : `wasm · ${status.threads} thread${status.threads === 1 ? '' : 's'}`;
}
