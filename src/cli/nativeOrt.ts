/**
 * onnxruntime-node, when it is installed (an optional dependency): its native MLAS kernels multiply matrices
 * about 2.5× faster than our wasm SIMD kernel on the same cores (AVX2/AVX-512 FMA against 4-lane wasm
 * without FMA). Without it the CLI runs the same products on its wasm worker pool.
 */
import { availableParallelism } from 'node:os';
import { ortEngine, type OrtLike } from '../core/backbone/engine';
import type { Gemm } from '../core/numerics/gemm';
import { engineGemm } from '../core/numerics/ortGemm';
import { workerGemm } from './gemmPool';

let loaded: Promise<OrtLike | undefined> | undefined;

function nativeOrt(): Promise<OrtLike | undefined> {
  loaded ??= import('onnxruntime-node').then(
    (ort) => ort as unknown as OrtLike,
    () => undefined,
  );
  return loaded;
}

/** The fastest Gemm there is here: onnxruntime-node's sgemm on `threads` cores, else the wasm pool. */
export async function cliGemm(threads = availableParallelism()): Promise<Gemm> {
  const ort = await nativeOrt();
  if (!ort) return workerGemm(threads);
  const engine = ortEngine(ort, { intraOpNumThreads: threads, interOpNumThreads: 1 });
  return engineGemm(engine, `onnxruntime-node, ${threads} threads`);
}
