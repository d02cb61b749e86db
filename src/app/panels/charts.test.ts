import { describe, expect, it } from 'vitest';
import { columnBars, domainWithZero, linearScale, spanFromZero } from './charts';

describe('chart geometry', () => {
  it('scales linearly, also onto a reversed range', () => {
    expect(linearScale(-1, 1, 0, 200)(0.5)).toBe(150);
    expect(linearScale(0, 10, 100, 0)(2.5)).toBe(75);
  });

  it('stands columns on the baseline, the largest count full height', () => {
    const bars = columnBars([0, 5, 10, 2.5], 40, 100);
    expect(bars.map((b) => b.x)).toEqual([0, 10, 20, 30]);
    expect(bars.every((b) => b.width === 10)).toBe(true);
    expect(bars.map((b) => b.height)).toEqual([0, 50, 100, 25]);
    expect(bars.map((b) => b.y + b.height)).toEqual([100, 100, 100, 100]);
  });

  it('draws nothing tall when every count is 0', () => {
    expect(columnBars([0, 0], 10, 50).map((b) => b.height)).toEqual([0, 0]);
  });

  it('takes a domain that covers 0 and the values, rounded out to the step, ignoring NaN', () => {
    expect(domainWithZero([0.12, 0.71, NaN], 0.1)).toEqual([0, 0.8]);
    const [lo, hi] = domainWithZero([-0.03, 0.2], 0.1);
    expect(lo).toBeCloseTo(-0.1, 12);
    expect(hi).toBeCloseTo(0.2, 12);
    expect(domainWithZero([0.3], 0.1)[1]).toBeCloseTo(0.3, 12);
    expect(domainWithZero([], 0.1)).toEqual([0, 0.1]);
  });

  it('extends bars from 0 to either side', () => {
    const scale = linearScale(-0.5, 1, 0, 150);
    expect(spanFromZero(0.5, scale)).toEqual({ x: 50, width: 50 });
    expect(spanFromZero(-0.25, scale)).toEqual({ x: 25, width: 25 });
    expect(spanFromZero(NaN, scale)).toEqual({ x: 50, width: 0 });
  });
});
