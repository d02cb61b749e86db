import { beforeAll, describe, expect, it } from 'vitest';
import { silentContext } from '../jobs/progress';
import { vertexNormals } from './geometry';
import { icosphere, icosphereVertexCount } from './icosphere';
import { buildLeftHemisphere, mirrorHemisphere, SPHERE_RADIUS, type HemisphereGeometry } from './mesh';

function triangle(p: ArrayLike<number>, faces: Uint32Array, f: number) {
  const [a, b, c] = [faces[f], faces[f + 1], faces[f + 2]].map((v) => [p[3 * v], p[3 * v + 1], p[3 * v + 2]]);
  const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const w = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
  const normal = [u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]];
  return { a, normal };
}

/** Enclosed volume by the divergence theorem: positive iff faces are counter-clockwise seen from outside. */
function signedVolume(p: ArrayLike<number>, faces: Uint32Array): number {
  let v = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const { a, normal } = triangle(p, faces, f);
    v += (a[0] * normal[0] + a[1] * normal[1] + a[2] * normal[2]) / 6;
  }
  return v;
}

function surfaceArea(p: ArrayLike<number>, faces: Uint32Array): number {
  let area = 0;
  for (let f = 0; f < faces.length; f += 3) area += Math.hypot(...triangle(p, faces, f).normal) / 2;
  return area;
}

function extent(p: ArrayLike<number>, axis: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = axis; i < p.length; i += 3) [lo, hi] = [Math.min(lo, p[i]), Math.max(hi, p[i])];
  return [lo, hi];
}

/** Every undirected edge is used by exactly two faces, once in each direction (closed, oriented manifold). */
function isClosedOrientedManifold(faces: Uint32Array, vertexCount: number): boolean {
  const directed = new Map<number, number>();
  for (let f = 0; f < faces.length; f += 3) {
    for (let k = 0; k < 3; k++) {
      const key = faces[f + k] * vertexCount + faces[f + ((k + 1) % 3)];
      directed.set(key, (directed.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of directed) {
    const reverse = (key % vertexCount) * vertexCount + Math.floor(key / vertexCount);
    if (count !== 1 || directed.get(reverse) !== 1) return false;
  }
  return true;
}

describe('icosphere', () => {
  it('has fsaverage-like vertex counts and outward faces', () => {
    for (const s of [0, 2, 5]) {
      const { positions, faces } = icosphere(s);
      expect(positions.length / 3).toBe(icosphereVertexCount(s));
      expect(faces.length / 3).toBe(20 * 4 ** s);
      expect(isClosedOrientedManifold(faces, positions.length / 3)).toBe(true);
      expect(signedVolume(positions, faces)).toBeGreaterThan(0);
    }
    expect(icosphereVertexCount(5)).toBe(10242);
  });
});

describe('demo hemispheres', () => {
  let lh: HemisphereGeometry;
  let rh: HemisphereGeometry;
  beforeAll(async () => {
    lh = await buildLeftHemisphere(7, 5, silentContext);
    rh = mirrorHemisphere(lh);
  });

  it('share one vertex order and face list across surfaces', () => {
    for (const h of [lh, rh]) {
      expect(h.sphere.length).toBe(10242 * 3);
      expect(h.inflated.length).toBe(h.sphere.length);
      expect(h.pial.length).toBe(h.sphere.length);
      expect(h.sulc.length).toBe(10242);
      expect(h.faces.length).toBe(20480 * 3);
      expect(Math.max(...h.faces)).toBe(10241);
      for (const p of [h.sphere, h.inflated, h.pial]) expect(p.every(Number.isFinite)).toBe(true);
    }
  });

  it('are closed manifolds wound counter-clockwise seen from outside', () => {
    for (const h of [lh, rh]) {
      expect(isClosedOrientedManifold(h.faces, 10242)).toBe(true);
      for (const p of [h.sphere, h.inflated, h.pial]) expect(signedVolume(p, h.faces)).toBeGreaterThan(0);
    }
  });

  it('has a radius-100 sphere mirrored between hemispheres', () => {
    for (let v = 0; v < 10242; v += 97) {
      expect(Math.hypot(lh.sphere[3 * v], lh.sphere[3 * v + 1], lh.sphere[3 * v + 2])).toBeCloseTo(
        SPHERE_RADIUS,
        3,
      );
      expect(rh.sphere[3 * v]).toBe(-lh.sphere[3 * v]);
      expect(rh.pial[3 * v + 1]).toBe(lh.pial[3 * v + 1]);
    }
  });

  it('has brain-like proportions, lh at x < 0 and rh at x > 0', () => {
    for (const p of [lh.inflated, lh.pial]) {
      const [x0, x1] = extent(p, 0);
      const [y0, y1] = extent(p, 1);
      const [z0, z1] = extent(p, 2);
      expect(x1).toBeLessThan(0);
      expect(x1 - x0).toBeGreaterThan(60);
      expect(x1 - x0).toBeLessThan(80);
      expect(y1 - y0).toBeGreaterThan(155);
      expect(y1 - y0).toBeLessThan(190);
      expect(z1 - z0).toBeGreaterThan(95);
      expect(z1 - z0).toBeLessThan(125);
      // Longer than high, higher than wide: not a sphere.
      expect(y1 - y0).toBeGreaterThan(1.4 * (z1 - z0));
    }
    expect(extent(rh.pial, 0)[0]).toBeGreaterThan(0);
    expect(extent(rh.inflated, 0)[0]).toBeGreaterThan(0);
  });

  it('is folded: sulc in mm with both signs, pial area well above inflated', () => {
    const sulc = Array.from(lh.sulc);
    const mean = sulc.reduce((a, b) => a + b, 0) / sulc.length;
    const sd = Math.sqrt(sulc.reduce((a, b) => a + (b - mean) ** 2, 0) / sulc.length);
    expect(Math.abs(mean)).toBeLessThan(1e-3);
    expect(sd).toBeGreaterThan(1.5);
    expect(sd).toBeLessThan(6);
    expect(Math.min(...sulc)).toBeLessThan(-2);
    expect(Math.max(...sulc)).toBeGreaterThan(6);
    const fraction = sulc.filter((s) => s > 0).length / sulc.length;
    expect(fraction).toBeGreaterThan(0.2);
    expect(fraction).toBeLessThan(0.8);
    expect(surfaceArea(lh.pial, lh.faces) / surfaceArea(lh.inflated, lh.faces)).toBeGreaterThan(1.2);
  });

  it('moves sulci inwards and gyri outwards along the inflated normal', () => {
    const normals = vertexNormals(lh.inflated, lh.faces);
    for (let v = 0; v < 10242; v += 13) {
      const out = [0, 1, 2].reduce(
        (s, k) => s + (lh.pial[3 * v + k] - lh.inflated[3 * v + k]) * normals[3 * v + k],
        0,
      );
      expect(out).toBeCloseTo(-lh.sulc[v], 3);
    }
  });

  it('folds without turning faces inside out', () => {
    let flipped = 0;
    for (let f = 0; f < lh.faces.length; f += 3) {
      const a = triangle(lh.pial, lh.faces, f).normal;
      const b = triangle(lh.inflated, lh.faces, f).normal;
      if (a[0] * b[0] + a[1] * b[1] + a[2] * b[2] < 0) flipped++;
    }
    expect(flipped / (lh.faces.length / 3)).toBeLessThan(0.002);
  });

  it('puts the occipital pole at the back (min y), near mid-height', async () => {
    let pole = 0;
    for (let v = 0; v < 10242; v++) if (lh.inflated[3 * v + 1] < lh.inflated[3 * pole + 1]) pole = v;
    expect(Math.abs(lh.inflated[3 * pole + 2])).toBeLessThan(30);
    // The same seed gives the same surface, another seed other folds on the same shape.
    const again = await buildLeftHemisphere(7, 5, silentContext);
    const other = await buildLeftHemisphere(8, 5, silentContext);
    expect(again.pial).toEqual(lh.pial);
    expect(other.inflated).toEqual(lh.inflated);
    expect(other.pial).not.toEqual(lh.pial);
  });
});
