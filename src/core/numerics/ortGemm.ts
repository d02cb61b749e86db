/** Matrix products through onnxruntime (web or node): its threaded wasm sgemm, or WebGPU, in the browser. */
import type { Engine, EngineSession } from '../backbone/engine';
import { buildModel, encodeModel, node, tensorInfo } from '../onnx/builder';
import { checkGemm, type Gemm } from './gemm';
import type { Dense } from './matmul';

/**
 * A one-node ONNX model computing op(A)·B with dynamic sizes: MatMul when A is plain, Gemm(transA=1) when
 * A is stored transposed, which onnxruntime hands to its sgemm without materialising the transpose.
 */
function gemmModel(transA: boolean): Uint8Array {
  const inputs = transA
    ? [tensorInfo('a', ['k', 'm']), tensorInfo('b', ['k', 'n'])]
    : [tensorInfo('a', ['m', 'k']), tensorInfo('b', ['k', 'n'])];
  const op = transA ? node('Gemm', ['a', 'b'], ['c'], { transA: 1 }) : node('MatMul', ['a', 'b'], ['c']);
  return encodeModel(
    buildModel({ name: 'gemm', inputs, outputs: [tensorInfo('c', ['m', 'n'])], nodes: [op] }),
  );
}

const asFloat32 = (x: Dense): Float32Array => (x instanceof Float32Array ? x : Float32Array.from(x));

/** Products through an onnxruntime engine (web or node), float32; one session per layout, opened on first use. */
export function engineGemm(engine: Engine, label: string): Gemm {
  const sessions = new Map<boolean, Promise<EngineSession>>();
  const session = (transA: boolean) => {
    let s = sessions.get(transA);
    if (!s) sessions.set(transA, (s = engine(gemmModel(transA), 'a')));
    return s;
  };
  return {
    precision: 'float32',
    label,
    async multiply(a, b, shape) {
      checkGemm(a, b, shape);
      const { m, k, n, transA } = shape;
      // onnxruntime rejects empty tensors in some kernels; an empty product is all zeros anyway.
      if (m === 0 || n === 0 || k === 0) return new Float32Array(m * n);
      const out = await (
        await session(transA)
      ).run(asFloat32(a), transA ? [k, m] : [m, k], { b: { data: asFloat32(b), dims: [k, n] } });
      const c = out.c.data;
      if (!(c instanceof Float32Array) || c.length !== m * n)
        throw new Error(`gemm: the engine returned ${c.length} values for a ${m}×${n} product`);
      return c;
    },
    allocate: (length) => new Float32Array(length),
    async release() {
      const open = [...sessions.values()];
      sessions.clear();
      await Promise.all(open.map(async (s) => (await s).release()));
    },
  };
}
