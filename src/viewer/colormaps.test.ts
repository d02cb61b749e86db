import { describe, expect, it } from 'vitest';
import {
  categoricalColor,
  categoricalPalette,
  COLORMAP_NAMES,
  colormapGradientCSS,
  colormapLUT,
  LUT_SIZE,
  sampleColormap,
  type RGB,
} from './colormaps';

const hex = ([r, g, b]: RGB) => '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('');
const distance = (a: RGB, b: RGB) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('sampleColormap', () => {
  it('runs viridis from #440154 to #fde725 through #21918c', () => {
    expect(hex(sampleColormap('viridis', 0))).toBe('#440154');
    expect(hex(sampleColormap('viridis', 0.5))).toBe('#21918c');
    expect(hex(sampleColormap('viridis', 1))).toBe('#fde725');
  });

  it('runs RdBu_r from blue through white to red', () => {
    const [r0, , b0] = sampleColormap('RdBu_r', 0);
    const mid = sampleColormap('RdBu_r', 0.5);
    const [r1, , b1] = sampleColormap('RdBu_r', 1);
    expect(b0).toBeGreaterThan(r0 + 50);
    expect(Math.min(...mid)).toBeGreaterThan(240);
    expect(r1).toBeGreaterThan(b1 + 50);
  });

  it("follows matplotlib's hot breakpoints", () => {
    expect(sampleColormap('hot', 0.365079)).toEqual([255, 0, 0]);
    expect(sampleColormap('hot', 0.746032)).toEqual([255, 255, 0]);
    expect(sampleColormap('hot', 1)).toEqual([255, 255, 255]);
  });

  it('clamps t outside [0, 1] to the end colours', () => {
    for (const name of COLORMAP_NAMES) {
      expect(sampleColormap(name, -3)).toEqual(sampleColormap(name, 0));
      expect(sampleColormap(name, 7)).toEqual(sampleColormap(name, 1));
    }
  });

  it('keeps gray and inferno monotonically brightening', () => {
    for (const name of ['gray', 'inferno'] as const) {
      let previous = -1;
      for (let i = 0; i <= 64; i++) {
        const [r, g, b] = sampleColormap(name, i / 64);
        const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        expect(luma).toBeGreaterThanOrEqual(previous);
        previous = luma;
      }
    }
  });
});

describe('colormapLUT', () => {
  it('holds LUT_SIZE opaque RGBA entries with the end colours at the ends', () => {
    const lut = colormapLUT('viridis');
    expect(lut).toHaveLength(LUT_SIZE * 4);
    for (let i = 3; i < lut.length; i += 4) expect(lut[i]).toBe(255);
    expect(Array.from(lut.subarray(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(lut.subarray(lut.length - 4, lut.length - 1))).toEqual([0xfd, 0xe7, 0x25]);
  });
});

describe('colormapGradientCSS', () => {
  it('builds a linear-gradient from the first to the last colour', () => {
    const css = colormapGradientCSS('gray', 'to top', 3);
    expect(css).toBe(
      'linear-gradient(to top, rgb(0 0 0) 0.0%, rgb(128 128 128) 50.0%, rgb(255 255 255) 100.0%)',
    );
  });
});

describe('categorical palette', () => {
  it('gives the first 17 categories clearly distinct, saturated colours', () => {
    const colors = Array.from({ length: 17 }, (_, i) => categoricalColor(i));
    for (let i = 0; i < colors.length; i++) {
      // No grays: they would read as curvature.
      expect(Math.max(...colors[i]) - Math.min(...colors[i])).toBeGreaterThan(30);
      for (let j = i + 1; j < colors.length; j++) expect(distance(colors[i], colors[j])).toBeGreaterThan(35);
    }
  });

  it('keeps neighbouring categories apart beyond the base palette', () => {
    for (let i = 17; i < 200; i++)
      expect(distance(categoricalColor(i), categoricalColor(i + 1))).toBeGreaterThan(40);
  });

  it('packs one opaque texel per category, at least one texel', () => {
    const palette = categoricalPalette(25);
    expect(palette).toHaveLength(100);
    expect(Array.from(palette.subarray(4 * 24, 4 * 24 + 3))).toEqual([...categoricalColor(24)]);
    expect(palette[4 * 24 + 3]).toBe(255);
    expect(categoricalPalette(0)).toHaveLength(4);
  });
});
