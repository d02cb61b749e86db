import { describe, expect, it } from 'vitest';
import {
  CancelledError,
  createJobContext,
  estimateSecondsLeft,
  formatEta,
  subContext,
  throttleProgress,
  type ProgressUpdate,
} from './progress';

describe('job context', () => {
  it('reports clamped progress and throws once cancelled', async () => {
    const seen: ProgressUpdate[] = [];
    let cancel = false;
    const ctx = createJobContext({ onProgress: (u) => seen.push(u), isCancelled: () => cancel });
    await ctx.checkpoint(0.5, 'half');
    await ctx.checkpoint(1.5, 'over');
    cancel = true;
    await expect(ctx.checkpoint(0.9, 'late')).rejects.toBeInstanceOf(CancelledError);
    expect(seen).toEqual([
      { fraction: 0.5, message: 'half' },
      { fraction: 1, message: 'over' },
    ]);
  });

  it('yields to the event loop so a cancel message can arrive during a long loop', async () => {
    let clock = 0;
    let cancel = false;
    const ctx = createJobContext({ isCancelled: () => cancel, yieldEveryMs: 10, now: () => clock });
    setTimeout(() => (cancel = true), 0);
    const loop = async () => {
      for (let i = 0; i < 1000; i++) {
        clock += 5;
        await ctx.checkpoint(i / 1000, 'working');
      }
    };
    await expect(loop()).rejects.toBeInstanceOf(CancelledError);
  });

  it('maps sub-steps into the parent range', async () => {
    const seen: number[] = [];
    const ctx = subContext(createJobContext({ onProgress: (u) => seen.push(u.fraction) }), 0.5, 1);
    await ctx.checkpoint(0.5, 'x');
    expect(seen).toEqual([0.75]);
  });
});

describe('ETA', () => {
  it('extrapolates linearly and waits for a basis', () => {
    expect(estimateSecondsLeft(100, 0.5)).toBeUndefined();
    expect(estimateSecondsLeft(10_000, 0.25)).toBeCloseTo(30);
    expect(estimateSecondsLeft(10_000, 1)).toBe(0);
    expect(formatEta(undefined)).toBe('estimating…');
    expect(formatEta(30)).toBe('30 s left');
    expect(formatEta(600)).toBe('10 min left');
  });
});

describe('throttleProgress', () => {
  it('passes the first, then at most one per interval, and always the final update', () => {
    let clock = 0;
    const sent: number[] = [];
    const send = throttleProgress(
      (u) => sent.push(u.fraction),
      50,
      () => clock,
    );
    for (let i = 0; i <= 10; i++) {
      clock = i * 20;
      send({ fraction: i / 10, message: '' });
    }
    expect(sent).toEqual([0, 0.3, 0.6, 0.9, 1]);
  });
});
