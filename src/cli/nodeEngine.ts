/** The CLI's inference engine: onnxruntime-web's wasm build, which runs in Node with nothing to install. */
import * as ort from 'onnxruntime-web';
import { ortEngine, type Engine } from '../core/backbone/engine';

export function nodeEngine(): Engine {
  // Threads do not speed up onnxruntime-web under Node (measured), so one keeps start-up lean.
  ort.env.wasm.numThreads = 1;
  return ortEngine(ort, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
}
