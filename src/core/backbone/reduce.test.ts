import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { adaptivePool, ChannelSpread, selectChannels, topChannels } from './reduce';

describe('feature reduction', () => {
  it('pools like adaptive_avg_pool2d, overlapping cells included', () => {
    // 1 channel, 3×3 = 0..8 pooled to 2×2: cells rows/cols [0,2) and [1,3).
    const act = Float32Array.from({ length: 9 }, (_, i) => i);
    expect(Array.from(adaptivePool(act, { channels: 1, height: 3, width: 3 }, 2))).toEqual([2, 3, 5, 6]);
    expect(Array.from(adaptivePool(act, { channels: 1, height: 3, width: 3 }, 1))).toEqual([4]);
  });

  it('keeps the channels whose spatial means vary most across images', () => {
    const rng = createRng(2);
    const shape = { channels: 4, height: 2, width: 2 };
    const spread = new ChannelSpread(shape);
    const scales = [0.1, 3, 1, 2];
    const means: number[][] = [];
    for (let n = 0; n < 200; n++) {
      const act = new Float32Array(16);
      const row: number[] = [];
      for (let c = 0; c < 4; c++) {
        const level = scales[c] * rng.normal();
        row.push(level);
        act.fill(level, c * 4, c * 4 + 4);
      }
      means.push(row);
      spread.add(act);
    }
    const std = spread.std();
    // Matches the two-pass population SD computed directly.
    for (let c = 0; c < 4; c++) {
      const m = means.reduce((a, r) => a + r[c], 0) / 200;
      expect(std[c]).toBeCloseTo(Math.sqrt(means.reduce((a, r) => a + (r[c] - m) ** 2, 0) / 200), 5);
    }
    expect(Array.from(topChannels(std, 50))).toEqual([1, 3]);
    expect(Array.from(topChannels(std, 1))).toEqual([1]);
    expect(() => topChannels(std, 0)).toThrow(/percent of channels/);
    expect(
      Array.from(
        selectChannels(Float32Array.from([0, 1, 10, 11, 20, 21, 30, 31]), Int32Array.from([1, 3]), 2),
      ),
    ).toEqual([10, 11, 30, 31]);
  });
});
