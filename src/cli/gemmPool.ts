/**
 * The CLI's matrix products on every core: worker threads, each with its own instance of the wasm SIMD
 * kernel (src/core/numerics/wasmGemm.ts). A product is cut into pieces along a dimension that is
 * contiguous in row-major memory — bands of output rows when A is stored plainly, ranges of the shared
 * dimension (partial products, summed here) when A is stored transposed — and idle workers take the
 * queued pieces in order, so concurrent products share the threads. Operands live in SharedArrayBuffers
 * that every worker reads: `allocate` hands them out, products return them, anything else is copied in. (onnxruntime-web would do, but runs single-threaded under
 * Node and its sgemm at about half this kernel's speed.)
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { checkGemm, type Gemm, type GemmShape } from '../core/numerics/gemm';
import type { Dense } from '../core/numerics/matmul';

const sharedArray = (length: number) => new Float32Array(new SharedArrayBuffer(4 * length));

/** `x` itself when workers can already read it, else a shared float32 copy. */
function shared(x: Dense): Float32Array {
  if (x instanceof Float32Array && x.buffer instanceof SharedArrayBuffer) return x;
  const copy = sharedArray(x.length);
  copy.set(x);
  return copy;
}

/** Below this many multiply-adds a product is one piece: splitting would cost more than it saves. */
const SPLIT_ABOVE = 2 ** 24;

interface Piece {
  a: Float32Array;
  b: Float32Array;
  shape: GemmShape;
  resolve(c: Float32Array): void;
  reject(error: Error): void;
}

export function workerGemm(threads = availableParallelism()): Gemm {
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`gemm: threads must be a positive integer, got ${threads}`);
  let queue: Piece[] = [];
  const running = new Map<Worker, Piece>();
  const idle: Worker[] = [];

  const pump = () => {
    while (idle.length > 0) {
      const piece = queue.shift();
      if (!piece) return;
      const worker = idle.pop()!;
      running.set(worker, piece);
      worker.postMessage({ a: piece.a, b: piece.b, shape: piece.shape });
    }
  };
  const fail = (error: Error) => {
    for (const piece of [...running.values(), ...queue]) piece.reject(error);
    running.clear();
    queue = [];
  };
  for (let i = 0; i < threads; i++) {
    const worker = new Worker(new URL('./gemmWorker.mjs', import.meta.url));
    worker.on('message', ({ c, error }: { c?: Float32Array; error?: string }) => {
      const piece = running.get(worker);
      running.delete(worker);
      idle.push(worker);
      if (error !== undefined || !c) piece?.reject(new Error(`gemm worker: ${error}`));
      else piece?.resolve(c);
      pump();
    });
    worker.on('error', fail);
    idle.push(worker);
  }

  return {
    precision: 'float32',
    label: `wasm SIMD sgemm, ${threads} worker thread${threads === 1 ? '' : 's'}`,
    async multiply(a, b, shape) {
      checkGemm(a, b, shape);
      const { m, k, n, transA } = shape;
      if (m === 0 || n === 0 || k === 0) return sharedArray(m * n);
      const sa = shared(a);
      const sb = a === b ? sa : shared(b);
      const along = transA ? k : m;
      const work = m * k * n;
      // One piece per thread: pieces of the shared dimension each write a whole partial C, so more of
      // them would cost more in memory traffic than they could balance.
      const count = work < SPLIT_ABOVE ? 1 : Math.min(along, threads);
      const bounds = Array.from({ length: count + 1 }, (_, i) => Math.round((i * along) / count));
      const parts = bounds.slice(0, -1).map(
        (lo, i) =>
          new Promise<Float32Array>((resolve, reject) => {
            const hi = bounds[i + 1];
            queue.push(
              transA
                ? {
                    a: sa.subarray(lo * m, hi * m),
                    b: sb.subarray(lo * n, hi * n),
                    shape: { m, k: hi - lo, n, transA },
                    resolve,
                    reject,
                  }
                : {
                    a: sa.subarray(lo * k, hi * k),
                    b: sb,
                    shape: { m: hi - lo, k, n, transA },
                    resolve,
                    reject,
                  },
            );
          }),
      );
      pump();
      const results = await Promise.all(parts);
      const c = sharedArray(m * n);
      if (!transA) {
        results.forEach((part, i) => c.set(part, bounds[i] * n));
        return c;
      }
      c.set(results[0]);
      for (let p = 1; p < count; p++) {
        const part = results[p];
        for (let j = 0; j < c.length; j++) c[j] += part[j];
      }
      return c;
    },
    allocate: sharedArray,
    async release() {
      fail(new Error('gemm: the worker pool was released'));
      await Promise.all([...idle, ...running.keys()].map((w) => w.terminate()));
    },
  };
}
