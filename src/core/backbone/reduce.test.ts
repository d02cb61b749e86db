import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { channelSpread, keptColumns, topChannels } from './reduce';

describe('channel selection', () => {
  it('keeps the channels whose spatial means vary most across the training rows', () => {
    const rng = createRng(2);
    const scales = [0.1, 3, 1, 2];
    // Rows: 4 channel means then 3 other values that must be ignored.
    const rowLength = 7;
    const values = new Float32Array(300 * rowLength);
    for (let n = 0; n < 300; n++) {
      for (let c = 0; c < 4; c++) values[n * rowLength + c] = scales[c] * rng.normal();
      values.fill(1000 * n, n * rowLength + 4, (n + 1) * rowLength);
    }
    const train = Int32Array.from({ length: 200 }, (_, i) => i + 100);
    const std = channelSpread(values, rowLength, 4, train);
    // Matches the two-pass population SD over the training rows only.
    for (let c = 0; c < 4; c++) {
      const col = Array.from(train, (r) => values[r * rowLength + c]);
      const m = col.reduce((a, b) => a + b, 0) / col.length;
      expect(std[c]).toBeCloseTo(Math.sqrt(col.reduce((a, x) => a + (x - m) ** 2, 0) / col.length), 5);
    }
    expect(Array.from(topChannels(std, 50))).toEqual([1, 3]);
    expect(Array.from(topChannels(std, 1))).toEqual([1]);
    expect(() => topChannels(std, 0)).toThrow(/percent of channels/);
  });

  it('finds the kept channels in a reduced row: their means, or their pooled cells after all means', () => {
    expect(Array.from(keptColumns(Int32Array.from([1, 3]), 4, 1))).toEqual([1, 3]);
    expect(Array.from(keptColumns(Int32Array.from([1, 3]), 4, 2))).toEqual([8, 9, 10, 11, 16, 17, 18, 19]);
  });
});
