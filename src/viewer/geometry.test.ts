import type { BufferAttribute } from 'three';
import { describe, expect, it } from 'vitest';
import {
  buildHemisphereGeometry,
  buildOutlineGeometry,
  CURVATURE_ATTRIBUTE,
  drawFaces,
  fillOverlayValues,
  loadSurface,
  MORPH_NORMAL_ATTRIBUTE,
  MORPH_POSITION_ATTRIBUTE,
  NO_DATA,
  normalizedSulc,
  overlayLength,
  overlayOffset,
  slotNormals,
  slotPositions,
  VALUE_ATTRIBUTE,
} from './geometry';
import { outlineSegments } from './outlines';
import { octahedronHemisphere } from './testing';
import type { SurfaceHemisphere } from './types';

describe('buildHemisphereGeometry', () => {
  it('creates both morph slots, curvature and values per vertex, and an index for the most faces', () => {
    const g = buildHemisphereGeometry(octahedronHemisphere());
    for (const name of ['position', 'normal', MORPH_POSITION_ATTRIBUTE, MORPH_NORMAL_ATTRIBUTE])
      expect(g.getAttribute(name).count).toBe(6);
    expect(g.getAttribute(CURVATURE_ATTRIBUTE).count).toBe(6);
    expect(g.getAttribute(VALUE_ATTRIBUTE).count).toBe(6);
    expect(g.getIndex()?.count).toBe(24);
    expect(g.drawRange.count).toBe(0);
  });

  it('fills a slot with a surface and draws a face list in place', () => {
    const h = octahedronHemisphere();
    const g = buildHemisphereGeometry(h);
    const position = g.getAttribute(MORPH_POSITION_ATTRIBUTE) as BufferAttribute;
    const index = g.getIndex()!;
    const [positionArray, indexArray] = [position.array, index.array];
    loadSurface(g, 1, h.surfaces.big);
    expect(Array.from(slotPositions(g, 1))).toEqual(Array.from(h.surfaces.big.positions));
    // Outward unit normals: the octahedron's vertices point along their own axis.
    for (let v = 0; v < 6; v++) {
      const n = slotNormals(g, 1).subarray(3 * v, 3 * v + 3);
      const p = h.surfaces.sphere.positions.subarray(3 * v, 3 * v + 3);
      expect(n[0] * p[0] + n[1] * p[1] + n[2] * p[2]).toBeCloseTo(1, 5);
    }
    drawFaces(g, h.surfaces.flat.faces);
    expect(g.drawRange.count).toBe(12);
    // The same buffers, refilled: no new GPU buffers per switch.
    expect(position.array).toBe(positionArray);
    expect(index.array).toBe(indexArray);
    expect(position.version).toBe(1);
    expect(index.version).toBe(1);
  });

  it('rejects surfaces that do not fit together', () => {
    const h = octahedronHemisphere();
    expect(() => buildHemisphereGeometry({ ...h, sulc: new Float32Array(5) })).toThrow(
      /6 vertices, but sulc has 5/,
    );
    const badFaces = { ...h.surfaces.sphere, faces: new Uint32Array([0, 1, 6]) };
    expect(() => buildHemisphereGeometry({ ...h, surfaces: { ...h.surfaces, badFaces } })).toThrow(
      /lh badFaces: face index 6/,
    );
    const badPositions = { ...h.surfaces.sphere, positions: new Float32Array(7) };
    expect(() => buildHemisphereGeometry({ ...h, surfaces: { badPositions } })).toThrow(/xyz triples/);
    expect(() => buildHemisphereGeometry({ ...h, surfaces: {} })).toThrow(/no surfaces/);
  });
});

describe('buildOutlineGeometry', () => {
  it('places segment ends on the surfaces in both slots', () => {
    const h = octahedronHemisphere();
    const labels = new Int32Array([1, 0, 0, 0, 0, 0]);
    const segments = outlineSegments(h.surfaces.sphere.faces, labels);
    const g = buildOutlineGeometry(segments, [h.surfaces.sphere, h.surfaces.big]);
    const a = g.getAttribute('position').array;
    const b = g.getAttribute(MORPH_POSITION_ATTRIBUTE).array;
    expect(a.length).toBe(segments.vertices.length);
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(3 * a[i], 5);
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
  const lh = octahedronHemisphere('lh');
  const rh: SurfaceHemisphere = {
    name: 'rh',
    surfaces: { pial: { positions: new Float32Array(12), faces: new Uint32Array([0, 1, 2]) } },
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
