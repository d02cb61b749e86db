/**
 * GPU geometry for one hemisphere: two surface slots for morphing (positions and normals each),
 * normalised sulcal depth, a per-vertex overlay value and an index buffer sized for the largest
 * face list; the outline geometry that follows the same two slots; and the encoding of overlay
 * values. Every array is allocated once per hemisphere and refilled in place, so switching surface
 * re-uploads into the same GPU buffers.
 */

import { BufferAttribute, BufferGeometry } from 'three';
import type { HemisphereName, SurfaceMesh } from '../core/bundle/types';
import { placeSegments, type OutlineSegments } from './outlines';
import { surfaceInfo } from './surfaces';
import type { SurfaceHemisphere } from './types';

/** Attribute names the shaders read. Slot 0 is three's own `position` and `normal`. */
export const CURVATURE_ATTRIBUTE = 'curvature';
export const VALUE_ATTRIBUTE = 'value';
export const MORPH_POSITION_ATTRIBUTE = 'morphPosition';
export const MORPH_NORMAL_ATTRIBUTE = 'morphNormal';

export type Slot = 0 | 1;
const POSITION_ATTRIBUTES = ['position', MORPH_POSITION_ATTRIBUTE] as const;
const NORMAL_ATTRIBUTES = ['normal', MORPH_NORMAL_ATTRIBUTE] as const;

/**
 * Stand-in for a missing overlay value (NaN). The shader treats |value| >= NO_DATA_LIMIT as missing;
 * the gap between the two keeps interpolated values on a face with a missing corner "missing"
 * except within a hair of the other corners. NaN itself cannot be tested reliably in GLSL.
 */
export const NO_DATA = 1e30;
export const NO_DATA_LIMIT = 1e20;

export function vertexCount(h: SurfaceHemisphere): number {
  return h.sulc.length;
}

/** Sulcal depth divided by its mean magnitude, so one shading threshold suits any subject. */
export function normalizedSulc(sulc: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < sulc.length; i++) sum += Math.abs(sulc[i]);
  const scale = sum > 0 ? sulc.length / sum : 1;
  const out = new Float32Array(sulc.length);
  for (let i = 0; i < sulc.length; i++) out[i] = sulc[i] * scale;
  return out;
}

function validate(h: SurfaceHemisphere): void {
  const n = vertexCount(h);
  const names = Object.keys(h.surfaces);
  if (names.length === 0) throw new Error(`${h.name}: no surfaces`);
  for (const name of names) {
    const { positions, faces } = h.surfaces[name];
    const what = `${h.name} ${name}`;
    if (positions.length % 3 !== 0)
      throw new Error(`${what}: positions length ${positions.length} is not xyz triples`);
    if (positions.length / 3 !== n)
      throw new Error(`${what}: ${positions.length / 3} vertices, but sulc has ${n} values`);
    if (faces.length % 3 !== 0) throw new Error(`${what}: faces length ${faces.length} is not index triples`);
    let max = 0;
    for (let i = 0; i < faces.length; i++) if (faces[i] > max) max = faces[i];
    if (faces.length > 0 && max >= n)
      throw new Error(`${what}: face index ${max} out of range (${n} vertices)`);
  }
}

/**
 * Geometry with room for any of `h`'s surfaces: both slots zeroed until `loadSurface` fills them,
 * no faces drawn until `drawFaces`, curvature set, values zeroed until `fillOverlayValues`.
 */
export function buildHemisphereGeometry(h: SurfaceHemisphere): BufferGeometry {
  validate(h);
  const n = vertexCount(h);
  const geometry = new BufferGeometry();
  for (const name of [...POSITION_ATTRIBUTES, ...NORMAL_ATTRIBUTES])
    geometry.setAttribute(name, new BufferAttribute(new Float32Array(3 * n), 3));
  const indexCapacity = Math.max(...Object.values(h.surfaces).map((s) => s.faces.length));
  geometry.setIndex(new BufferAttribute(new Uint32Array(indexCapacity), 1));
  geometry.setDrawRange(0, 0);
  geometry.setAttribute(CURVATURE_ATTRIBUTE, new BufferAttribute(normalizedSulc(h.sulc), 1));
  geometry.setAttribute(VALUE_ATTRIBUTE, new BufferAttribute(new Float32Array(n), 1));
  return geometry;
}

/** Copies `mesh`'s positions and normals into `slot`. */
export function loadSurface(geometry: BufferGeometry, slot: Slot, mesh: SurfaceMesh): void {
  const position = geometry.getAttribute(POSITION_ATTRIBUTES[slot]) as BufferAttribute;
  (position.array as Float32Array).set(mesh.positions);
  position.needsUpdate = true;
  const normal = geometry.getAttribute(NORMAL_ATTRIBUTES[slot]) as BufferAttribute;
  (normal.array as Float32Array).set(surfaceInfo(mesh).normals);
  normal.needsUpdate = true;
}

/** The vertex positions a slot holds, xyz per vertex. */
export function slotPositions(geometry: BufferGeometry, slot: Slot): Float32Array {
  return geometry.getAttribute(POSITION_ATTRIBUTES[slot]).array as Float32Array;
}

/** Vertex normals a slot holds, xyz per vertex. */
export function slotNormals(geometry: BufferGeometry, slot: Slot): Float32Array {
  return geometry.getAttribute(NORMAL_ATTRIBUTES[slot]).array as Float32Array;
}

/** Draws the triangles `faces` (at most the index capacity). */
export function drawFaces(geometry: BufferGeometry, faces: Uint32Array): void {
  const index = geometry.getIndex()!;
  (index.array as Uint32Array).set(faces);
  index.needsUpdate = true;
  geometry.setDrawRange(0, faces.length);
}

/** Line geometry for `segments`, each end placed on the surfaces in the slots (if loaded). */
export function buildOutlineGeometry(
  segments: OutlineSegments,
  surfaces: readonly [SurfaceMesh | undefined, SurfaceMesh | undefined],
): BufferGeometry {
  const geometry = new BufferGeometry();
  for (const name of POSITION_ATTRIBUTES)
    geometry.setAttribute(name, new BufferAttribute(new Float32Array(segments.vertices.length), 3));
  surfaces.forEach((mesh, slot) => {
    if (mesh) placeOutline(geometry, slot as Slot, segments, mesh);
  });
  return geometry;
}

/** Places the outline's ends on `mesh` in `slot`. */
export function placeOutline(
  geometry: BufferGeometry,
  slot: Slot,
  segments: OutlineSegments,
  mesh: SurfaceMesh,
): void {
  const position = geometry.getAttribute(POSITION_ATTRIBUTES[slot]) as BufferAttribute;
  placeSegments(position.array as Float32Array, segments, mesh.positions);
  position.needsUpdate = true;
}

/** Overlays list lh's values first, then rh's. */
const OVERLAY_ORDER: readonly HemisphereName[] = ['lh', 'rh'];

/** Where `name`'s values start in an overlay for the shown `hemispheres`. */
export function overlayOffset(hemispheres: readonly SurfaceHemisphere[], name: HemisphereName): number {
  const before = OVERLAY_ORDER.slice(0, OVERLAY_ORDER.indexOf(name));
  return hemispheres.filter((h) => before.includes(h.name)).reduce((sum, h) => sum + vertexCount(h), 0);
}

/** How many values an overlay for the shown `hemispheres` holds. */
export function overlayLength(hemispheres: readonly SurfaceHemisphere[]): number {
  return hemispheres.reduce((sum, h) => sum + vertexCount(h), 0);
}

/** Copies target.length values from `values` starting at `start`, NaN becoming NO_DATA. */
export function fillOverlayValues(target: Float32Array, values: ArrayLike<number>, start: number): void {
  for (let i = 0; i < target.length; i++) {
    const v = values[start + i];
    target[i] = Number.isNaN(v) ? NO_DATA : v;
  }
}
