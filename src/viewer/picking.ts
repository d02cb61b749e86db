/**
 * Turning a click into a vertex on the surface as drawn: the ray is tested against the triangles of
 * the blend between the two loaded surfaces, so picking works on any surface and mid-morph.
 */

interface XYZ {
  x: number;
  y: number;
  z: number;
}

export interface SurfaceHit {
  /** The corner of the hit triangle nearest the hit point. */
  vertex: number;
  /** Along the ray, in units of its direction's length. */
  distance: number;
}

/**
 * The nearest triangle of `faces` that the ray from `origin` along `direction` crosses (either side
 * facing), with vertex positions (1 − morph)·from + morph·to, all in the mesh's own coordinates.
 */
export function pickVertex(
  origin: XYZ,
  direction: XYZ,
  from: ArrayLike<number>,
  to: ArrayLike<number>,
  morph: number,
  faces: ArrayLike<number>,
  indexCount: number = faces.length,
): SurfaceHit | undefined {
  const keep = 1 - morph;
  const at = (v: number, axis: number) => keep * from[3 * v + axis] + morph * to[3 * v + axis];
  const { x: dx, y: dy, z: dz } = direction;
  let best = Infinity;
  let bestFace = -1;
  for (let f = 0; f < indexCount; f += 3) {
    const a = faces[f];
    const b = faces[f + 1];
    const c = faces[f + 2];
    const ax = at(a, 0);
    const ay = at(a, 1);
    const az = at(a, 2);
    // Möller–Trumbore: solve origin + t·direction = a + u·(b − a) + v·(c − a).
    const e1x = at(b, 0) - ax;
    const e1y = at(b, 1) - ay;
    const e1z = at(b, 2) - az;
    const e2x = at(c, 0) - ax;
    const e2y = at(c, 1) - ay;
    const e2z = at(c, 2) - az;
    const px = dy * e2z - dz * e2y;
    const py = dz * e2x - dx * e2z;
    const pz = dx * e2y - dy * e2x;
    const det = e1x * px + e1y * py + e1z * pz;
    if (det === 0) continue;
    const inv = 1 / det;
    const sx = origin.x - ax;
    const sy = origin.y - ay;
    const sz = origin.z - az;
    const u = (sx * px + sy * py + sz * pz) * inv;
    if (u < 0 || u > 1) continue;
    const qx = sy * e1z - sz * e1y;
    const qy = sz * e1x - sx * e1z;
    const qz = sx * e1y - sy * e1x;
    const v = (dx * qx + dy * qy + dz * qz) * inv;
    if (v < 0 || u + v > 1) continue;
    const t = (e2x * qx + e2y * qy + e2z * qz) * inv;
    if (t > 0 && t < best) {
      best = t;
      bestFace = f;
    }
  }
  if (bestFace < 0) return undefined;
  const hx = origin.x + best * dx;
  const hy = origin.y + best * dy;
  const hz = origin.z + best * dz;
  let vertex = faces[bestFace];
  let nearest = Infinity;
  for (let k = 0; k < 3; k++) {
    const v = faces[bestFace + k];
    const d = (at(v, 0) - hx) ** 2 + (at(v, 1) - hy) ** 2 + (at(v, 2) - hz) ** 2;
    if (d < nearest) {
      nearest = d;
      vertex = v;
    }
  }
  return { vertex, distance: best };
}
