import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import type { RawFeatures } from './extract';
import { reduceFeatures } from './featureSet';

/** 3 channels, pool 2: rows are [mean c0..c2, c0 cells ×4, c1 cells ×4, c2 cells ×4]. */
function raw(images: number): RawFeatures {
  const rng = createRng(3);
  const spread = [0.1, 5, 1];
  const rowLength = 3 + 12;
  const rows = new Float32Array(images * rowLength);
  for (let i = 0; i < images; i++) {
    for (let c = 0; c < 3; c++) {
      // Training rows (even) vary by channel; test rows (odd) make channel 0 look huge, which must not count.
      const level = (i % 2 === 0 ? spread[c] : c === 0 ? 100 : 0) * rng.normal();
      rows[i * rowLength + c] = level;
      for (let q = 0; q < 4; q++) rows[i * rowLength + 3 + c * 4 + q] = level + q;
    }
  }
  const geometry = { kind: 'grid' as const, channels: 3, height: 4, width: 4 };
  return {
    key: 'k',
    imageCount: images,
    layers: [{ name: 'a', geometry, pool: 2, rowLength, rows }],
    cachedImages: 0,
    imagesPerSecond: 0,
  };
}

describe('feature sets', () => {
  const train = Int32Array.from({ length: 50 }, (_, i) => 2 * i);

  it('keeps the pooled cells of the channels that vary most over the training images', () => {
    const [layer] = reduceFeatures(raw(100), { percent: 34, pca: 0 }, train);
    expect(Array.from(layer.channels)).toEqual([1]);
    expect(layer.dim).toBe(4);
    const source = raw(100).layers[0];
    expect(Array.from(layer.values.subarray(4, 8))).toEqual(
      Array.from(source.rows.subarray(15 + 7, 15 + 11)),
    );
  });

  it('projects onto PCA components fitted on the training images only', () => {
    const [layer] = reduceFeatures(raw(100), { percent: 67, pca: 2 }, train);
    expect(Array.from(layer.channels)).toEqual([1, 2]);
    expect(layer.dim).toBe(2);
    expect(layer.pca!.components.length).toBe(2 * 8);
    // Training scores are centred; the first component carries channel 1's variance (≈ 4 cells × 25).
    const first = Array.from(train, (r) => layer.values[r * 2]);
    expect(Math.abs(first.reduce((a, b) => a + b, 0) / first.length)).toBeLessThan(1e-4);
    expect(layer.pca!.explainedVariance[0]).toBeGreaterThan(50);
  });

  it('needs two training images', () => {
    expect(() => reduceFeatures(raw(4), { percent: 50, pca: 0 }, Int32Array.of(0))).toThrow(
      /two training images/,
    );
  });
});
