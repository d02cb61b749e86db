/**
 * Facts about a hemisphere's surfaces that the viewer needs per surface: which surfaces every
 * hemisphere offers, vertex normals, the box around the drawn vertices, whether a surface is flat,
 * and the faces two surfaces have in common (a flat patch drops the medial wall and its cuts).
 */

import { Box3, Vector3 } from 'three';
import type { SurfaceMesh } from '../core/bundle/types';
import { vertexNormals } from '../core/demo/geometry';
import type { SurfaceHemisphere } from './types';

/** The usual order from folded to flat; other names follow alphabetically. */
const SURFACE_ORDER = ['pial', 'white', 'midthickness', 'inflated', 'very_inflated', 'sphere', 'flat'];

/** Names of the surfaces that every hemisphere has, in SURFACE_ORDER. */
export function surfaceChoices(hemispheres: readonly SurfaceHemisphere[]): string[] {
  if (hemispheres.length === 0) return [];
  const names = Object.keys(hemispheres[0].surfaces).filter((name) =>
    hemispheres.every((h) => name in h.surfaces),
  );
  const rank = (name: string) => {
    const i = SURFACE_ORDER.indexOf(name);
    return i === -1 ? SURFACE_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export interface SurfaceInfo {
  /** Unit vertex normals from this surface's faces; zero for vertices in no face. */
  normals: Float32Array;
  /** Bounds of the vertices that some face uses (a flat map's left-out vertices lie elsewhere). */
  box: Box3;
  /** All drawn vertices in one plane z = const: seen from above whatever the view. */
  flat: boolean;
}

/** A flat surface's thickness relative to its width: float rounding, nothing more. */
const FLAT_TOLERANCE = 1e-6;

const infos = new WeakMap<SurfaceMesh, SurfaceInfo>();

/** Computed once per mesh and kept while the mesh lives. */
export function surfaceInfo(mesh: SurfaceMesh): SurfaceInfo {
  let info = infos.get(mesh);
  if (!info) {
    const { positions, faces } = mesh;
    const box = new Box3();
    const corner = new Vector3();
    for (let i = 0; i < faces.length; i++) box.expandByPoint(corner.fromArray(positions, 3 * faces[i]));
    const width = Math.max(box.max.x - box.min.x, box.max.y - box.min.y);
    info = {
      normals: Float32Array.from(vertexNormals(positions, faces)),
      box,
      flat: !box.isEmpty() && box.max.z - box.min.z <= FLAT_TOLERANCE * width,
    };
    infos.set(mesh, info);
  }
  return info;
}

/**
 * The faces of `a` that `b` also has (the same three corners, in any order), in a's order and
 * winding; `a` itself when both list the same faces.
 */
export function commonFaces(a: Uint32Array, b: Uint32Array): Uint32Array {
  if (a === b || (a.length === b.length && a.every((v, i) => v === b[i]))) return a;
  // b's faces grouped by their smallest corner: each face of a then checks a handful of candidates.
  let vertexCount = 0;
  for (let i = 0; i < b.length; i++) vertexCount = Math.max(vertexCount, b[i] + 1);
  const offsets = new Uint32Array(vertexCount + 1);
  const sorted = (faces: Uint32Array, f: number): [number, number, number] => {
    const x = faces[f];
    const y = faces[f + 1];
    const z = faces[f + 2];
    const lo = Math.min(x, y, z);
    const hi = Math.max(x, y, z);
    return [lo, x + y + z - lo - hi, hi];
  };
  for (let f = 0; f < b.length; f += 3) offsets[sorted(b, f)[0] + 1]++;
  for (let v = 0; v < vertexCount; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, vertexCount);
  const others = new Uint32Array((b.length / 3) * 2);
  for (let f = 0; f < b.length; f += 3) {
    const [lo, mid, hi] = sorted(b, f);
    others[2 * fill[lo]] = mid;
    others[2 * fill[lo] + 1] = hi;
    fill[lo]++;
  }
  const kept = new Uint32Array(a.length);
  let count = 0;
  for (let f = 0; f < a.length; f += 3) {
    const [lo, mid, hi] = sorted(a, f);
    if (lo >= vertexCount) continue;
    for (let j = offsets[lo]; j < offsets[lo + 1]; j++) {
      if (others[2 * j] === mid && others[2 * j + 1] === hi) {
        kept.set(a.subarray(f, f + 3), count);
        count += 3;
        break;
      }
    }
  }
  return kept.slice(0, count);
}
