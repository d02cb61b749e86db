/**
 * Per-unit values → per-vertex arrays for the surface viewer (lh vertices first, then rh).
 * Vertices without a unit get `fill` (NaN for maps, 0 = "no label" for ROIs).
 */
import type { Units } from './types';

export function unitsToVertices<T extends Float32Array | Int32Array>(
  units: Units,
  vertexCounts: number[],
  values: T,
  fill: number,
): T {
  const offsets = vertexCounts.map((_, h) => vertexCounts.slice(0, h).reduce((a, b) => a + b, 0));
  const total = vertexCounts.reduce((a, b) => a + b, 0);
  const out = new (values.constructor as new (n: number) => T)(total);
  out.fill(fill);
  for (let u = 0; u < units.count; u++) {
    const hemi = units.hemisphere?.[u] ?? 0;
    const vertex = units.index[u];
    if (hemi >= vertexCounts.length || vertex >= vertexCounts[hemi]) {
      throw new Error(
        `unit ${u} names vertex ${vertex} of hemisphere ${hemi}, which the surface does not have`,
      );
    }
    out[offsets[hemi] + vertex] = values[u];
  }
  return out;
}
