/**
 * The large matrix products of the linear models behind one small interface, so the same fitting code runs
 * on an exact float64 JS kernel (tests, small problems, the numerically safe fallback), on our wasm SIMD
 * float32 kernel (wasmGemm.ts; threaded in the CLI by src/cli/gemmPool.ts) or on onnxruntime (ortGemm.ts:
 * wasm with threads, or WebGPU, in the browser).
 */
import { mulAB, mulAtB, type Dense } from './matmul';

/**
 * C = op(A)·B, all row-major: op(A) is m×k, stored as A (m×k) or, when `transA`, as Aᵀ (k×m: k shared rows,
 * e.g. samples); B is k×n; C is m×n.
 */
export interface GemmShape {
  m: number;
  k: number;
  n: number;
  transA: boolean;
}

export interface Gemm {
  /** 'float32' products round their inputs and accumulate in float32; 'float64' ones are exact to rounding. */
  precision: 'float32' | 'float64';
  /** What runs the products, for logs and benchmarks. */
  label: string;
  multiply(a: Dense, b: Dense, shape: GemmShape): Promise<Dense>;
  /**
   * A zeroed float32 array that `multiply` reads without copying it first (the worker pool's shared
   * memory); a plain array where that makes no difference. For large operands built for the products.
   */
  allocate(length: number): Float32Array;
  /** Frees sessions or workers; the backend is unusable afterwards. */
  release(): Promise<void>;
}

export function checkGemm(a: Dense, b: Dense, { m, k, n, transA }: GemmShape): void {
  for (const [name, value] of Object.entries({ m, k, n }))
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`gemm: ${name} must be a non-negative integer, got ${value}`);
  if (a.length !== m * k)
    throw new Error(`gemm: A has ${a.length} values, not ${transA ? `${k}×${m}` : `${m}×${k}`}`);
  if (b.length !== k * n) throw new Error(`gemm: B has ${b.length} values, not ${k}×${n}`);
}

/** The float64 JS kernels of matmul.ts: exact, about 1 ns per multiply-add, one thread. */
export const exactGemm: Gemm = {
  precision: 'float64',
  label: 'JS float64',
  multiply: async (a, b, shape) => {
    checkGemm(a, b, shape);
    const { m, k, n, transA } = shape;
    return transA ? mulAtB(a, b, k, m, n) : mulAB(a, b, m, k, n);
  },
  allocate: (length) => new Float32Array(length),
  release: async () => {},
};
