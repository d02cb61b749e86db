import { describe, expect, it } from 'vitest';
import { resizeRgb } from './resize';

const solid = (w: number, h: number, rgb: number[]) =>
  Uint8Array.from({ length: w * h * 3 }, (_, i) => rgb[i % 3]);

describe('resizeRgb', () => {
  it('keeps flat colour exact when growing or shrinking', () => {
    expect(resizeRgb(solid(4, 4, [10, 200, 30]), 4, 4, 9, 7)).toEqual(solid(9, 7, [10, 200, 30]));
    expect(resizeRgb(solid(32, 32, [1, 2, 3]), 32, 32, 5, 5)).toEqual(solid(5, 5, [1, 2, 3]));
  });

  it('averages when shrinking instead of picking pixels (no aliasing of a fine checkerboard)', () => {
    const n = 64;
    const board = new Uint8Array(n * n * 3);
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) board.fill((x + y) % 2 ? 255 : 0, (y * n + x) * 3, (y * n + x) * 3 + 3);
    const small = resizeRgb(board, n, n, 8, 8);
    for (const v of small) expect(Math.abs(v - 127.5)).toBeLessThan(3);
  });

  it('returns a copy at the same size and checks the input length', () => {
    const img = solid(2, 2, [5, 6, 7]);
    const same = resizeRgb(img, 2, 2, 2, 2);
    expect(same).toEqual(img);
    expect(same).not.toBe(img);
    expect(() => resizeRgb(img, 3, 3, 2, 2)).toThrow(/12 bytes, not 3×3×3/);
  });
});
