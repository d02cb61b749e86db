/** Turning a ray hit on a triangle into the vertex a click means. */

export interface FaceCorners {
  a: number;
  b: number;
  c: number;
}

/** The corner of `face` nearest `point` (mesh-local coordinates), by squared distance. */
export function nearestFaceVertex(
  positions: ArrayLike<number>,
  face: FaceCorners,
  point: { x: number; y: number; z: number },
): number {
  let best = face.a;
  let bestDistance = Infinity;
  for (const v of [face.a, face.b, face.c]) {
    const dx = positions[3 * v] - point.x;
    const dy = positions[3 * v + 1] - point.y;
    const dz = positions[3 * v + 2] - point.z;
    const d = dx * dx + dy * dy + dz * dz;
    if (d < bestDistance) {
      bestDistance = d;
      best = v;
    }
  }
  return best;
}
