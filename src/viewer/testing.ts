/** Small hemispheres for the viewer's tests. */

import type { SurfaceHemisphere } from './types';

/** A unit octahedron, faces counter-clockwise seen from outside. */
export const OCTAHEDRON_POSITIONS = [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1];
// prettier-ignore
export const OCTAHEDRON_FACES = [0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5];

/**
 * An octahedron hemisphere with three surfaces: `sphere` (unit), `big` (scaled by `scale`, same
 * faces) and `flat` (the upper four faces laid out in z = 0, the bottom vertex left out elsewhere).
 */
export function octahedronHemisphere(name: 'lh' | 'rh' = 'lh', scale = 3): SurfaceHemisphere {
  const faces = new Uint32Array(OCTAHEDRON_FACES);
  const sphere = new Float32Array(OCTAHEDRON_POSITIONS);
  const big = sphere.map((x) => x * scale);
  // prettier-ignore
  const flat = new Float32Array([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 0, 7, 7, 7]);
  return {
    name,
    surfaces: {
      sphere: { positions: sphere, faces },
      big: { positions: big, faces },
      flat: { positions: flat, faces: faces.slice(0, 12) },
    },
    sulc: new Float32Array([2, -2, 1, -1, 0.5, -0.5]),
  };
}
