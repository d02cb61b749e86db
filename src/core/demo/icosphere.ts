/** The geodesic icosphere every demo surface starts from (the same construction as fsaverage's sphere). */

export interface Icosphere {
  /** Unit vectors, xyz interleaved. */
  positions: Float64Array;
  /** Counter-clockwise seen from outside. */
  faces: Uint32Array;
}

const T = (1 + Math.sqrt(5)) / 2;
const BASE_VERTICES = [
  [-1, T, 0],
  [1, T, 0],
  [-1, -T, 0],
  [1, -T, 0],
  [0, -1, T],
  [0, 1, T],
  [0, -1, -T],
  [0, 1, -T],
  [T, 0, -1],
  [T, 0, 1],
  [-T, 0, -1],
  [-T, 0, 1],
];
const BASE_FACES = [
  0, 11, 5, 0, 5, 1, 0, 1, 7, 0, 7, 10, 0, 10, 11, 1, 5, 9, 5, 11, 4, 11, 10, 2, 10, 7, 6, 7, 1, 8, 3, 9, 4,
  3, 4, 2, 3, 2, 6, 3, 6, 8, 3, 8, 9, 4, 9, 5, 2, 4, 11, 6, 2, 10, 8, 6, 7, 9, 8, 1,
];

export function icosphereVertexCount(subdivisions: number): number {
  return 10 * 4 ** subdivisions + 2;
}

/** Subdivide each triangle into four `subdivisions` times; 5 gives 10242 vertices like fsaverage5. */
export function icosphere(subdivisions: number): Icosphere {
  const positions = new Float64Array(icosphereVertexCount(subdivisions) * 3);
  let count = 0;
  const add = (x: number, y: number, z: number) => {
    const len = Math.sqrt(x * x + y * y + z * z);
    positions[3 * count] = x / len;
    positions[3 * count + 1] = y / len;
    positions[3 * count + 2] = z / len;
    return count++;
  };
  for (const [x, y, z] of BASE_VERTICES) add(x, y, z);
  let faces = Uint32Array.from(BASE_FACES);
  for (let level = 0; level < subdivisions; level++) {
    // Each edge is shared by two faces; the cache gives both the same midpoint.
    const midpoints = new Map<number, number>();
    const midpoint = (a: number, b: number) => {
      const key = a < b ? a * positions.length + b : b * positions.length + a;
      let m = midpoints.get(key);
      if (m === undefined) {
        m = add(
          positions[3 * a] + positions[3 * b],
          positions[3 * a + 1] + positions[3 * b + 1],
          positions[3 * a + 2] + positions[3 * b + 2],
        );
        midpoints.set(key, m);
      }
      return m;
    };
    const next = new Uint32Array(faces.length * 4);
    for (let f = 0; f < faces.length; f += 3) {
      const a = faces[f];
      const b = faces[f + 1];
      const c = faces[f + 2];
      const ab = midpoint(a, b);
      const bc = midpoint(b, c);
      const ca = midpoint(c, a);
      next.set([a, ab, ca, b, bc, ab, c, ca, bc, ab, bc, ca], f * 4);
    }
    faces = next;
  }
  return { positions, faces };
}
