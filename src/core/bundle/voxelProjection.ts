/**
 * Volume-space values (func1pt8mm voxels) on a surface in the same space: each vertex takes the value of
 * the nearest voxel centre within `maxDistance` mm, or NaN (no data) when none is that close. Voxel
 * centres go into a uniform grid of `maxDistance`-sized cells, so a vertex looks at 27 cells.
 */
import type { Units } from './types';

/** Scanner (mm) coordinates of every voxel unit's centre (U × 3), through the bundle's affine. */
export function voxelCentres(units: Units): Float32Array {
  if (!units.voxels || !units.affine)
    throw new Error('these units are not voxels: they carry no voxel coordinates and affine');
  const a = units.affine;
  const out = new Float32Array(units.count * 3);
  for (let u = 0; u < units.count; u++) {
    const [i, j, k] = [units.voxels[3 * u], units.voxels[3 * u + 1], units.voxels[3 * u + 2]];
    for (let r = 0; r < 3; r++)
      out[3 * u + r] = a[4 * r] * i + a[4 * r + 1] * j + a[4 * r + 2] * k + a[4 * r + 3];
  }
  return out;
}

/** The largest voxel edge in mm: the longest of the affine's first three columns. */
export function voxelSize(affine: Float64Array): number {
  return Math.max(...[0, 1, 2].map((c) => Math.hypot(affine[c], affine[4 + c], affine[8 + c])));
}

/**
 * How far a vertex may be from a voxel centre to take its value: the voxel's diagonal (largest voxel
 * size × √3), so every vertex inside a voxel's neighbourhood reaches one.
 */
export function projectionDistance(affine: Float64Array): number {
  return voxelSize(affine) * Math.sqrt(3);
}

/** Per-vertex values (vertices from xyz-interleaved `positions`), NaN where no voxel centre is within reach. */
export function projectVoxels(
  centres: Float32Array,
  values: ArrayLike<number>,
  positions: Float32Array,
  maxDistance: number,
): Float32Array {
  if (!(maxDistance > 0)) throw new RangeError(`maxDistance must be positive, got ${maxDistance}`);
  const count = centres.length / 3;
  if (values.length !== count)
    throw new Error(`${values.length} values for ${count} voxels: give one value per voxel`);
  const cell = (x: number) => Math.floor(x / maxDistance);
  const key = (x: number, y: number, z: number) => `${x},${y},${z}`;
  const grid = new Map<string, number[]>();
  for (let u = 0; u < count; u++) {
    const k = key(cell(centres[3 * u]), cell(centres[3 * u + 1]), cell(centres[3 * u + 2]));
    const list = grid.get(k);
    if (list) list.push(u);
    else grid.set(k, [u]);
  }
  const out = new Float32Array(positions.length / 3).fill(NaN);
  const limit = maxDistance * maxDistance;
  for (let v = 0; v < out.length; v++) {
    const [x, y, z] = [positions[3 * v], positions[3 * v + 1], positions[3 * v + 2]];
    const [cx, cy, cz] = [cell(x), cell(y), cell(z)];
    let best = limit;
    let nearest = -1;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (let dz = -1; dz <= 1; dz++)
          for (const u of grid.get(key(cx + dx, cy + dy, cz + dz)) ?? []) {
            const d =
              (centres[3 * u] - x) ** 2 + (centres[3 * u + 1] - y) ** 2 + (centres[3 * u + 2] - z) ** 2;
            if (d <= best) {
              best = d;
              nearest = u;
            }
          }
    if (nearest >= 0) out[v] = values[nearest];
  }
  return out;
}
