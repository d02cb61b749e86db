import { describe, expect, it } from 'vitest';
import {
  chooseBackend,
  describeBackend,
  isSoftwareAdapter,
  wasmThreadCount,
  type AdapterFacts,
} from './backend';

const swiftshader: AdapterFacts = {
  available: true,
  vendor: 'google',
  architecture: 'swiftshader',
  isFallback: false,
};
const nvidia: AdapterFacts = { available: true, vendor: 'nvidia', architecture: 'lovelace' };
const none: AdapterFacts = { available: false, reason: 'navigator.gpu is missing' };

describe('chooseBackend', () => {
  it('prefers hardware WebGPU and avoids software adapters on auto', () => {
    expect(chooseBackend('auto', nvidia).kind).toBe('webgpu');
    expect(chooseBackend('auto', swiftshader).kind).toBe('wasm');
    expect(chooseBackend('auto', swiftshader).reason).toMatch(/software/);
    expect(chooseBackend('auto', { available: true, isFallback: true }).kind).toBe('wasm');
  });

  it('honours a forced backend, but falls back to wasm without an adapter', () => {
    expect(chooseBackend('webgpu', swiftshader).kind).toBe('webgpu');
    expect(chooseBackend('wasm', nvidia).kind).toBe('wasm');
    const choice = chooseBackend('webgpu', none);
    expect(choice).toEqual({ kind: 'wasm', reason: 'WebGPU unavailable (navigator.gpu is missing)' });
  });

  it('recognises software renderers by name', () => {
    expect(isSoftwareAdapter({ available: true, description: 'llvmpipe (LLVM 15)' })).toBe(true);
    expect(isSoftwareAdapter(nvidia)).toBe(false);
  });
});

describe('backend description', () => {
  it('names threads for wasm and the adapter for WebGPU', () => {
    const base = { reason: '', isolated: true, selfTestError: 0, selfTestMs: 1 };
    expect(describeBackend({ ...base, kind: 'wasm', adapter: none, threads: 2 })).toBe('wasm · 2 threads');
    expect(describeBackend({ ...base, kind: 'webgpu', adapter: swiftshader, threads: 2 })).toBe(
      'WebGPU · google · swiftshader',
    );
    expect(wasmThreadCount(false, 8)).toBe(1);
    expect(wasmThreadCount(true, 8)).toBe(8);
  });
});
