import { describe, expect, it } from 'vitest';
import { easeInOut, MORPH_MS, morphDuration, planMorph } from './morph';

describe('planMorph', () => {
  it('loads the first surface into slot 0 without animating', () => {
    expect(planMorph([undefined, undefined], 0, 'pial')).toEqual({ load: 0, from: 0, to: 0 });
  });

  it('loads a new surface into the empty or hidden slot and animates towards it', () => {
    expect(planMorph(['pial', undefined], 0, 'inflated')).toEqual({ load: 1, from: 0, to: 1 });
    expect(planMorph(['pial', 'inflated'], 1, 'flat')).toEqual({ load: 0, from: 1, to: 0 });
  });

  it('moves towards a surface already loaded without loading anything', () => {
    expect(planMorph(['pial', 'inflated'], 1, 'pial')).toEqual({ from: 1, to: 0 });
    expect(planMorph(['pial', 'inflated'], 0.3, 'inflated')).toEqual({ from: 0.3, to: 1 });
    expect(planMorph(['pial', 'inflated'], 0, 'pial')).toEqual({ from: 0, to: 0 });
  });

  it('mid-morph, keeps the surface that shows more and replaces the other', () => {
    expect(planMorph(['pial', 'inflated'], 0.7, 'sphere')).toEqual({ load: 0, from: 1, to: 0 });
    expect(planMorph(['pial', 'inflated'], 0.2, 'sphere')).toEqual({ load: 1, from: 0, to: 1 });
  });
});

describe('morph timing', () => {
  it('scales the duration with the distance to go', () => {
    expect(morphDuration({ from: 0, to: 1 })).toBe(MORPH_MS);
    expect(morphDuration({ from: 0.75, to: 1 })).toBe(MORPH_MS / 4);
    expect(morphDuration({ from: 0, to: 0 })).toBe(0);
  });

  it('eases from 0 to 1 symmetrically, clamping outside [0, 1]', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5, 12);
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(0.25) + easeInOut(0.75)).toBeCloseTo(1, 12);
    expect(easeInOut(-1)).toBe(0);
    expect(easeInOut(2)).toBe(1);
  });
});
