// One thread of the CLI's matrix-product pool (gemmPool.ts): its own instance of the wasm SIMD kernel,
// reading its piece of the operands from shared memory.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { WasmSgemm } = await import('../core/numerics/wasmGemm.ts');
const kernel = await WasmSgemm.create();

parentPort.on('message', ({ a, b, shape }) => {
  try {
    const c = kernel.multiply(a, b, shape);
    parentPort.postMessage({ c }, [c.buffer]);
  } catch (error) {
    parentPort.postMessage({ error: String(error?.message ?? error) });
  }
});
