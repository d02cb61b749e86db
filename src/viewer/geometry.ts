/**
 * GPU geometry for one hemisphere: positions, normals, normalised sulcal depth and a per-vertex
 * overlay value, and the encoding of overlay values into that attribute.
 */

import { BufferAttribute, BufferGeometry } from 'three';
import type { HemisphereName } from '../core/bundle/types';
import type { SurfaceHemisphere } from './types';

/** Attribute names the surface shader reads. */
export const CURVATURE_ATTRIBUTE = 'curvature';
export const VALUE_ATTRIBUTE = 'value';

/**
 * Stand-in for a missing overlay value (NaN). The shader treats |value| >= NO_DATA_LIMIT as missing;
 * the gap between the two keeps interpolated values on a face with a missing corner "missing"
 * except within a hair of the other corners. NaN itself cannot be tested reliably in GLSL.
 */
export const NO_DATA = 1e30;
export const NO_DATA_LIMIT = 1e20;

export function vertexCount(h: SurfaceHemisphere): number {
  return h.mesh.positions.length / 3;
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
  const { positions, faces } = h.mesh;
  const n = positions.length / 3;
  if (!Number.isInteger(n))
    throw new Error(`${h.name}: positions length ${positions.length} is not xyz triples`);
  if (faces.length % 3 !== 0) throw new Error(`${h.name}: faces length ${faces.length} is not index triples`);
  if (h.sulc.length !== n) throw new Error(`${h.name}: ${h.sulc.length} sulc values for ${n} vertices`);
  let max = 0;
  for (let i = 0; i < faces.length; i++) if (faces[i] > max) max = faces[i];
  if (faces.length > 0 && max >= n)
    throw new Error(`${h.name}: face index ${max} out of range (${n} vertices)`);
}

/**
 * Indexed geometry sharing the mesh's position and face arrays (no copy), with area-weighted vertex
 * normals, curvature, and a zeroed value attribute to be filled by `fillOverlayValues`.
 */
export function buildHemisphereGeometry(h: SurfaceHemisphere): BufferGeometry {
  validate(h);
  const n = vertexCount(h);
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(h.mesh.positions, 3));
  geometry.setIndex(new BufferAttribute(h.mesh.faces, 1));
  geometry.computeVertexNormals();
  geometry.setAttribute(CURVATURE_ATTRIBUTE, new BufferAttribute(normalizedSulc(h.sulc), 1));
  geometry.setAttribute(VALUE_ATTRIBUTE, new BufferAttribute(new Float32Array(n), 1));
  geometry.computeBoundingBox();
  geometry.computeBoundingSphere();
  return geometry;
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
