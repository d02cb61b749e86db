import { Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import {
  buildHemisphereGeometry,
  CURVATURE_ATTRIBUTE,
  fillOverlayValues,
  NO_DATA,
  normalizedSulc,
  overlayLength,
  overlayOffset,
  VALUE_ATTRIBUTE,
} from './geometry';
import type { SurfaceHemisphere } from './types';

/** A unit octahedron, faces counter-clockwise seen from outside. */
function octahedron(name: 'lh' | 'rh' = 'lh', shiftX = 0): SurfaceHemisphere {
  const positions = new Float32Array([1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1]);
  for (let i = 0; i < positions.length; i += 3) positions[i] += shiftX;
  // prettier-ignore
  const faces = new Uint32Array([0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5]);
  return { name, mesh: { positions, faces }, sulc: new Float32Array([2, -2, 1, -1, 0.5, -0.5]) };
}

describe('buildHemisphereGeometry', () => {
  it('creates one of each attribute per vertex, sharing the mesh arrays', () => {
    const h = octahedron();
    const g = buildHemisphereGeometry(h);
    expect(g.getAttribute('position').count).toBe(6);
    expect(g.getAttribute('position').array).toBe(h.mesh.positions);
    expect(g.getIndex()?.array).toBe(h.mesh.faces);
    expect(g.getAttribute('normal').count).toBe(6);
    expect(g.getAttribute(CURVATURE_ATTRIBUTE).count).toBe(6);
    expect(g.getAttribute(VALUE_ATTRIBUTE).count).toBe(6);
    expect(g.boundingBox?.max.toArray()).toEqual([1, 1, 1]);
  });

  it('computes unit normals pointing outward', () => {
    const g = buildHemisphereGeometry(octahedron());
    const position = g.getAttribute('position');
    const normal = g.getAttribute('normal');
    for (let i = 0; i < 6; i++) {
      const p = new Vector3().fromBufferAttribute(position, i);
      const n = new Vector3().fromBufferAttribute(normal, i);
      expect(n.length()).toBeCloseTo(1, 5);
      expect(n.dot(p)).toBeCloseTo(1, 5);
    }
  });

  it('rejects meshes that do not fit together', () => {
    const h = octahedron();
    expect(() => buildHemisphereGeometry({ ...h, sulc: new Float32Array(5) })).toThrow(/5 sulc values for 6/);
    const badFaces = { ...h.mesh, faces: new Uint32Array([0, 1, 6]) };
    expect(() => buildHemisphereGeometry({ ...h, mesh: badFaces })).toThrow(/face index 6/);
    const badPositions = { ...h.mesh, positions: new Float32Array(7) };
    expect(() => buildHemisphereGeometry({ ...h, mesh: badPositions })).toThrow(/xyz triples/);
  });
});

describe('normalizedSulc', () => {
  it('scales to mean magnitude 1, keeping signs', () => {
    const out = normalizedSulc(new Float32Array([3, -1, 0, -4]));
    expect(Array.from(out)).toEqual([1.5, -0.5, 0, -2]);
  });

  it('leaves an all-zero sulc at zero', () => {
    expect(Array.from(normalizedSulc(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});

describe('overlay layout', () => {
  const lh = octahedron('lh');
  const rh: SurfaceHemisphere = {
    name: 'rh',
    mesh: { positions: new Float32Array(12), faces: new Uint32Array([0, 1, 2]) },
    sulc: new Float32Array(4),
  };

  it('puts lh values first whatever the order hemispheres are given in', () => {
    expect(overlayOffset([rh, lh], 'lh')).toBe(0);
    expect(overlayOffset([rh, lh], 'rh')).toBe(6);
    expect(overlayOffset([rh], 'rh')).toBe(0);
    expect(overlayLength([rh, lh])).toBe(10);
  });

  it('copies a hemisphere slice, marking NaN as missing', () => {
    const target = new Float32Array(3);
    fillOverlayValues(target, new Float32Array([9, 9, 1, Number.NaN, -2]), 2);
    expect(Array.from(target)).toEqual([1, NO_DATA, -2].map(Math.fround));
  });
});
