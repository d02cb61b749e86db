/**
 * Colour tables for surface overlays: continuous colormaps as small control-point tables
 * (interpolated into a lookup table the shader samples) and a categorical palette for labels.
 * Colours are sRGB bytes; interpolation is linear in sRGB, as matplotlib does.
 */

export const COLORMAP_NAMES = ['viridis', 'RdBu_r', 'hot', 'inferno', 'gray'] as const;
export type ColormapName = (typeof COLORMAP_NAMES)[number];

/** sRGB bytes, 0–255. */
export type RGB = readonly [number, number, number];

/** A colour at a position in [0, 1]; positions ascend, the first is 0 and the last 1. */
type ControlPoint = readonly [position: number, hex: string];

const evenlySpaced = (hexes: readonly string[]): ControlPoint[] =>
  hexes.map((hex, i) => [i / (hexes.length - 1), hex] as const);

// prettier-ignore
const CONTROL_POINTS: Record<ColormapName, readonly ControlPoint[]> = {
  // matplotlib's viridis and inferno, every 16th of their 256 entries (error < 6/255 per channel).
  viridis: evenlySpaced([
    '#440154', '#48186a', '#472d7b', '#424086', '#3b528b', '#33638d', '#2c728e', '#26828e', '#21918c',
    '#1f9f88', '#27ad81', '#3dbc74', '#5cc863', '#81d34d', '#aadc32', '#d5e21a', '#fde725',
  ]),
  inferno: evenlySpaced([
    '#000004', '#0b0724', '#210c4a', '#3d0965', '#57106e', '#71196e', '#8a226a', '#a32c61', '#bc3754',
    '#d04545', '#e35933', '#f1711f', '#f98c0a', '#fcaa0f', '#f9c932', '#f2e865', '#fcffa4',
  ]),
  // ColorBrewer's 11-class RdBu, reversed: negative blue, zero white, positive red.
  RdBu_r: evenlySpaced([
    '#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d',
    '#b2182b', '#67001f',
  ]),
  // matplotlib's hot is piecewise linear with these breakpoints.
  hot: [
    [0, '#0b0000'],
    [0.365079, '#ff0000'],
    [0.746032, '#ffff00'],
    [1, '#ffffff'],
  ],
  gray: [
    [0, '#000000'],
    [1, '#ffffff'],
  ],
};

function parseHex(hex: string): RGB {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** The colour at t in [0, 1] (clamped), interpolated between control points, as rounded bytes. */
export function sampleColormap(name: ColormapName, t: number): RGB {
  const points = CONTROL_POINTS[name];
  const x = Math.min(1, Math.max(0, t));
  let i = 1;
  while (i < points.length - 1 && points[i][0] < x) i++;
  const [loPosition, loHex] = points[i - 1];
  const [hiPosition, hiHex] = points[i];
  const lo = parseHex(loHex);
  const hi = parseHex(hiHex);
  const f = (x - loPosition) / (hiPosition - loPosition);
  const mix = (c: 0 | 1 | 2) => Math.round(lo[c] + (hi[c] - lo[c]) * f);
  return [mix(0), mix(1), mix(2)];
}

/** Entries in a colormap lookup texture: plenty for smooth gradients, 1 KiB to upload. */
export const LUT_SIZE = 256;

/** RGBA bytes of `size` evenly spaced samples, entry 0 at t = 0 and the last at t = 1. */
export function colormapLUT(name: ColormapName, size: number = LUT_SIZE): Uint8Array {
  const lut = new Uint8Array(size * 4);
  for (let i = 0; i < size; i++) {
    lut.set(sampleColormap(name, i / (size - 1)), i * 4);
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/** A CSS linear-gradient drawing the colormap from vmin to vmax along `direction`. */
export function colormapGradientCSS(name: ColormapName, direction = 'to right', stops = 17): string {
  const colors = Array.from({ length: stops }, (_, i) => {
    const t = i / (stops - 1);
    return `${rgbCSS(sampleColormap(name, t))} ${(t * 100).toFixed(1)}%`;
  });
  return `linear-gradient(${direction}, ${colors.join(', ')})`;
}

export function rgbCSS([r, g, b]: RGB): string {
  return `rgb(${r} ${g} ${b})`;
}

/**
 * tab10, then tab20's lighter partners, without the grays (they would read as curvature shading)
 * and without light cyan (too close to light blue).
 */
// prettier-ignore
const CATEGORICAL_BASE: readonly RGB[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d',
].map(parseHex);

/** HSL (all in [0, 1]) to sRGB bytes. */
function hslToRgb(h: number, s: number, l: number): RGB {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h * 12) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

/**
 * Colour of category `index` (0-based; label k is index k - 1). The first 17 are tab-like;
 * past those, golden-ratio hue steps with alternating lightness keep neighbours apart.
 */
export function categoricalColor(index: number): RGB {
  if (index < CATEGORICAL_BASE.length) return CATEGORICAL_BASE[index];
  const k = index - CATEGORICAL_BASE.length;
  const hue = (0.11 + k * 0.618033988749895) % 1;
  return hslToRgb(hue, 0.7, k % 2 === 0 ? 0.45 : 0.65);
}

/** RGBA bytes for categories 0..count-1, one texel each. */
export function categoricalPalette(count: number): Uint8Array {
  const palette = new Uint8Array(Math.max(1, count) * 4);
  for (let i = 0; i < count; i++) {
    palette.set(categoricalColor(i), i * 4);
    palette[i * 4 + 3] = 255;
  }
  return palette;
}
