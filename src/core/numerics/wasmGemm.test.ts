import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { exactGemm } from './gemm';
import { sleb, uleb } from './wasmBinary';
import { WasmSgemm } from './wasmGemm';

describe('wasm binary encoding', () => {
  it('writes LEB128 integers', () => {
    expect(uleb(0)).toEqual([0]);
    expect(uleb(127)).toEqual([127]);
    expect(uleb(128)).toEqual([0x80, 1]);
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(63)).toEqual([63]);
    expect(sleb(64)).toEqual([0xc0, 0]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
  });
});

describe('WasmSgemm', () => {
  it('matches the exact product for every layout, including ragged edges and slices of K', async () => {
    const kernel = await WasmSgemm.create();
    const rng = createRng(1);
    for (const [m, k, n] of [
      [1, 1, 1],
      [3, 5, 7],
      [4, 8, 8],
      [17, 300, 33],
      [130, 513, 2050],
      [129, 257, 9],
    ]) {
      for (const transA of [false, true]) {
        const a = Float32Array.from({ length: m * k }, () => rng.normal());
        const b = Float32Array.from({ length: k * n }, () => rng.normal());
        const got = kernel.multiply(a, b, { m, k, n, transA });
        const want = await exactGemm.multiply(a, b, { m, k, n, transA });
        let err = 0;
        for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(got[i] - want[i]));
        // float32 accumulation over k terms of unit size.
        expect(err).toBeLessThan(4e-7 * k + 1e-6);
      }
    }
  });

  it('grows its memory for large operands and returns empty products as zeros', async () => {
    const kernel = await WasmSgemm.create();
    const big = kernel.multiply(new Float32Array(600 * 700).fill(1), new Float32Array(700 * 5).fill(2), {
      m: 600,
      k: 700,
      n: 5,
      transA: false,
    });
    expect(big.every((x) => x === 1400)).toBe(true);
    expect(
      kernel.multiply(new Float32Array(0), new Float32Array(0), { m: 3, k: 0, n: 2, transA: false }),
    ).toEqual(new Float32Array(6));
    expect(() =>
      kernel.multiply(new Float32Array(5), new Float32Array(4), { m: 2, k: 2, n: 2, transA: false }),
    ).toThrow('A has 5 values, not 2×2');
  });
});
