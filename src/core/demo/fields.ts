/** Smooth random scalar fields, the one source of spatial randomness for folds and tuning maps. */
import type { Rng } from '../random';

/** A smooth scalar field over 3-D space, mean 0 and variance 1 over space. */
export type Field3 = (x: number, y: number, z: number) => number;

/**
 * A sum of `waves` plane waves with random directions, phases and wavelengths within ±20 % of
 * `wavelength`: smooth everywhere, isotropic on average, seeded, and cheap to evaluate anywhere
 * (no lattice, so the same field serves a mesh in mm and a unit sphere alike).
 */
export function randomField(rng: Rng, wavelength: number, waves = 16): Field3 {
  const k = new Float64Array(waves * 4);
  for (let i = 0; i < waves; i++) {
    const x = rng.normal();
    const y = rng.normal();
    const z = rng.normal();
    const scale = (2 * Math.PI) / (wavelength * rng.range(0.8, 1.2)) / (Math.hypot(x, y, z) || 1);
    k[4 * i] = x * scale;
    k[4 * i + 1] = y * scale;
    k[4 * i + 2] = z * scale;
    k[4 * i + 3] = rng.range(0, 2 * Math.PI);
  }
  // Each sine has variance 1/2, so this amplitude gives the sum variance 1.
  const amplitude = Math.sqrt(2 / waves);
  return (x, y, z) => {
    let s = 0;
    for (let j = 0; j < k.length; j += 4) s += Math.sin(k[j] * x + k[j + 1] * y + k[j + 2] * z + k[j + 3]);
    return s * amplitude;
  };
}

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}
