/**
 * Random affine transforms per step (translation, scale, rotation; lucent's pad/jitter/scale/rotate and
 * BOLDreams' RandomAffine in one map) as bilinear resampling from the parameterised image (side `from`)
 * onto the model's input (side `to`), so a smaller image is upsampled on the way. Pixels that land
 * outside the image take a constant fill (grey, as lucent's pad). Resampling is linear in the image, so
 * its backward pass is the transpose of the same sampling weights.
 */
import type { Rng } from '../random';

export interface Affine {
  /** Shift of the image centre, as fractions of the side. */
  tx: number;
  ty: number;
  scale: number;
  /** Radians, counter-clockwise. */
  angle: number;
}

export const IDENTITY: Affine = { tx: 0, ty: 0, scale: 1, angle: 0 };

/** At strength 1: shifts of ±8 % of the side (≈ ±18 px at 224), scale 0.9–1.1, rotation ±10° (lucent's ranges). */
export function randomAffine(rng: Rng, strength: number): Affine {
  return {
    tx: rng.range(-0.08, 0.08) * strength,
    ty: rng.range(-0.08, 0.08) * strength,
    scale: 1 + rng.range(-0.1, 0.1) * strength,
    angle: (rng.range(-10, 10) * strength * Math.PI) / 180,
  };
}

/** Per output pixel, four source indices (−1 = outside) and their bilinear weights. */
export interface Warp {
  from: number;
  to: number;
  index: Int32Array;
  weight: Float64Array;
}

export function affineWarp(affine: Affine, from: number, to: number): Warp {
  const index = new Int32Array(to * to * 4).fill(-1);
  const weight = new Float64Array(to * to * 4);
  const cos = Math.cos(affine.angle) / affine.scale;
  const sin = Math.sin(affine.angle) / affine.scale;
  for (let v = 0; v < to; v++)
    for (let u = 0; u < to; u++) {
      // Output position relative to the centre, in sides; undo shift, then rotation and scale.
      const px = (u + 0.5) / to - 0.5 - affine.tx;
      const py = (v + 0.5) / to - 0.5 - affine.ty;
      const x = (cos * px + sin * py + 0.5) * from - 0.5;
      const y = (-sin * px + cos * py + 0.5) * from - 0.5;
      // Inside the image's extent, edge pixels extend to its border; beyond it is fill.
      if (x < -0.5 || x > from - 0.5 || y < -0.5 || y > from - 0.5) continue;
      const cx = Math.min(Math.max(x, 0), from - 1);
      const cy = Math.min(Math.max(y, 0), from - 1);
      const x0 = Math.floor(cx);
      const y0 = Math.floor(cy);
      const fx = cx - x0;
      const fy = cy - y0;
      // At the last row or column the fraction is 0, so repeating the index is harmless.
      const x1 = Math.min(x0 + 1, from - 1);
      const y1 = Math.min(y0 + 1, from - 1);
      const o = (v * to + u) * 4;
      index[o] = y0 * from + x0;
      index[o + 1] = y0 * from + x1;
      index[o + 2] = y1 * from + x0;
      index[o + 3] = y1 * from + x1;
      weight[o] = (1 - fx) * (1 - fy);
      weight[o + 1] = fx * (1 - fy);
      weight[o + 2] = (1 - fx) * fy;
      weight[o + 3] = fx * fy;
    }
  return { from, to, index, weight };
}

/** One image's planes (3 × from²) → the warped planes (3 × to²), into `out`. */
export function applyWarp(warp: Warp, image: Float64Array, out: Float32Array, fill: number): void {
  const { from, to, index, weight } = warp;
  for (let c = 0; c < 3; c++) {
    const src = c * from * from;
    const dst = c * to * to;
    for (let q = 0; q < to * to; q++) {
      const o = q * 4;
      if (index[o] < 0) {
        out[dst + q] = fill;
        continue;
      }
      let s = 0;
      for (let k = 0; k < 4; k++) s += weight[o + k] * image[src + index[o + k]];
      out[dst + q] = s;
    }
  }
}

/** The transpose of applyWarp: d(loss)/d(warped) → added into d(loss)/d(image). */
export function warpBackward(warp: Warp, gradient: Float32Array, into: Float64Array): void {
  const { from, to, index, weight } = warp;
  for (let c = 0; c < 3; c++) {
    const src = c * from * from;
    const dst = c * to * to;
    for (let q = 0; q < to * to; q++) {
      const o = q * 4;
      if (index[o] < 0) continue;
      const g = gradient[dst + q];
      for (let k = 0; k < 4; k++) into[src + index[o + k]] += weight[o + k] * g;
    }
  }
}
