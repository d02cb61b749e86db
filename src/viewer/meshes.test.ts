import { Ray, Vector3, type BufferAttribute, type BufferGeometry, type Mesh } from 'three';
import { describe, expect, it } from 'vitest';
import { SurfaceMeshes } from './meshes';
import { octahedronHemisphere } from './testing';
import type { ScalarOverlay } from './types';

const hemispheres = [octahedronHemisphere('lh'), octahedronHemisphere('rh')];

function scalar(over: Partial<ScalarOverlay> = {}): ScalarOverlay {
  return {
    kind: 'scalar',
    values: new Float32Array(12).map((_, i) => i - 6),
    colormap: 'RdBu_r',
    vmin: -6,
    vmax: 6,
    ...over,
  };
}

function geometry(meshes: SurfaceMeshes, name: 'lh' | 'rh'): BufferGeometry {
  return (meshes.hemisphereObject(name) as Mesh<BufferGeometry>).geometry;
}

/** Every attribute's upload counter, index included, for both hemispheres. */
function versions(meshes: SurfaceMeshes): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of ['lh', 'rh'] as const) {
    const g = geometry(meshes, name);
    for (const [attribute, value] of Object.entries(g.attributes))
      out[`${name}.${attribute}`] = (value as BufferAttribute).version;
    out[`${name}.index`] = g.getIndex()!.version;
  }
  return out;
}

function shown(surface = 'sphere'): SurfaceMeshes {
  const meshes = new SurfaceMeshes();
  meshes.setHemispheres(hemispheres);
  meshes.showSurface(surface);
  return meshes;
}

describe('SurfaceMeshes overlay updates', () => {
  it('changes only uniforms for a new threshold, range or symmetric flag', () => {
    const meshes = shown();
    const overlay = scalar();
    meshes.setOverlay(overlay);
    const before = versions(meshes);
    meshes.setOverlay({ ...overlay, threshold: 2.5 });
    meshes.setOverlay({ ...overlay, vmin: -1, vmax: 4, symmetric: true, threshold: 1 });
    expect(versions(meshes)).toEqual(before);
    const u = meshes.shading.uniforms;
    expect([u.vmin.value, u.vmax.value, u.threshold.value]).toEqual([-4, 4, 1]);
  });

  it('uploads the values, and nothing else, for a new values array', () => {
    const meshes = shown();
    meshes.setOverlay(scalar());
    const before = versions(meshes);
    meshes.setOverlay(scalar({ values: new Float32Array(12).fill(1) }));
    const after = versions(meshes);
    for (const key of Object.keys(before))
      expect(after[key] - before[key], key).toBe(key.endsWith('.value') ? 1 : 0);
    const rhValues = geometry(meshes, 'rh').getAttribute('value').array;
    expect(Array.from(rhValues)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects overlays and outlines of the wrong length', () => {
    const meshes = shown();
    expect(() => meshes.setOverlay(scalar({ values: new Float32Array(5) }))).toThrow(/5 values.*12 vertices/);
    expect(() => meshes.setOutlines({ labels: new Int32Array(3) })).toThrow(/3 labels.*12 vertices/);
  });
});

describe('SurfaceMeshes morphing', () => {
  it('shows the first surface at once from slot 0', () => {
    const meshes = new SurfaceMeshes();
    meshes.setHemispheres(hemispheres);
    expect(meshes.showSurface('sphere')).toEqual({ load: 0, from: 0, to: 0 });
    expect(meshes.surface).toBe('sphere');
    expect(geometry(meshes, 'lh').drawRange.count).toBe(24);
  });

  it('loads a new surface once, then morphs back and forth by the uniform alone', () => {
    const meshes = shown();
    expect(meshes.showSurface('big')).toEqual({ load: 1, from: 0, to: 1 });
    meshes.morph = 1;
    meshes.settle();
    const before = versions(meshes);
    expect(meshes.showSurface('sphere')).toEqual({ from: 1, to: 0 });
    meshes.settle();
    expect(meshes.morph).toBe(0);
    expect(versions(meshes)).toEqual(before);
  });

  it('fails clearly for a surface a hemisphere lacks', () => {
    expect(() => shown().showSurface('white')).toThrow(
      /lh has no surface "white" \(it has sphere, big, flat\)/,
    );
  });

  it('draws only shared faces while morphing to a flat patch, and the patch once settled', () => {
    const meshes = shown();
    meshes.showSurface('flat');
    // The flat patch keeps 4 of the 8 faces; mid-morph those are the ones drawn …
    expect(geometry(meshes, 'lh').drawRange.count).toBe(12);
    meshes.settle();
    expect(geometry(meshes, 'lh').drawRange.count).toBe(12);
    expect(meshes.isFlat('flat')).toBe(true);
    expect(meshes.isFlat('sphere')).toBe(false);
    // … and all 8 come back once the sphere is shown again.
    meshes.showSurface('sphere');
    expect(geometry(meshes, 'lh').drawRange.count).toBe(12);
    meshes.settle();
    expect(geometry(meshes, 'lh').drawRange.count).toBe(24);
  });

  it('bounds each hemisphere by the drawn vertices of a surface', () => {
    const boxes = shown().boxes('flat');
    expect(boxes.lh?.max.toArray()).toEqual([1, 1, 0]);
    expect(boxes.rh?.min.toArray()).toEqual([-1, -1, 0]);
  });
});

describe('SurfaceMeshes picking', () => {
  it('finds the vertex under a ray on the surface as drawn, mid-morph included', () => {
    const meshes = shown();
    meshes.hemisphereObject('rh')!.position.set(100, 0, 0);
    meshes.group.updateMatrixWorld();
    const down = (x: number) => new Ray(new Vector3(x, 0.1, 10), new Vector3(0, 0, -1));
    expect(meshes.pick(down(0.1))).toEqual({ hemisphere: 'lh', vertex: 4 });
    expect(meshes.pick(down(100.8))).toEqual({ hemisphere: 'rh', vertex: 0 });
    // On the big octahedron (scale 3), a ray at x = 2.5 hits near vertex 0; on the sphere it misses.
    expect(meshes.pick(down(2.5))).toBeUndefined();
    meshes.showSurface('big');
    meshes.morph = 1;
    expect(meshes.pick(down(2.5))).toEqual({ hemisphere: 'lh', vertex: 0 });
    // Halfway (scale 2), x = 1.8 is still on the surface.
    meshes.morph = 0.5;
    expect(meshes.pick(down(1.8))).toEqual({ hemisphere: 'lh', vertex: 0 });
    const place = new Vector3();
    meshes.vertexPlace('rh', 4, place);
    expect(place.toArray()).toEqual([100, 0, 2]);
  });
});

describe('SurfaceMeshes outlines', () => {
  const labels = new Int32Array([1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0]);

  it('draws region boundaries as lines under each hemisphere, named at their centres', () => {
    const meshes = shown();
    meshes.setOutlines({ labels, labelNames: ['A', 'B'] });
    const lines = meshes.hemisphereObject('lh')!.children;
    expect(lines).toHaveLength(1);
    expect(meshes.labels.map(({ hemisphere, name, vertex }) => ({ hemisphere, name, vertex }))).toEqual([
      { hemisphere: 'lh', name: 'A', vertex: 0 },
      { hemisphere: 'lh', name: 'B', vertex: 4 },
      { hemisphere: 'rh', name: 'A', vertex: 0 },
    ]);
    // Region B is the top vertex alone: it faces +z.
    const normal = new Vector3();
    meshes.regionNormal(meshes.labels[1], normal);
    expect(normal.toArray().map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 0, 1]);
    meshes.setOutlines(undefined);
    expect(meshes.hemisphereObject('lh')!.children).toHaveLength(0);
    expect(meshes.labels).toEqual([]);
  });

  it('rebuilds outlines for the faces drawn on a flat patch', () => {
    const meshes = shown();
    meshes.setOutlines({ labels });
    const count = () =>
      (meshes.hemisphereObject('lh')!.children[0] as Mesh<BufferGeometry>).geometry.getAttribute('position')
        .count;
    // Two faces with three labels (3 segments each) and four with two (1 each), two ends per segment …
    expect(count()).toBe(2 * (2 * 3 + 4));
    meshes.showSurface('flat');
    meshes.settle();
    // … of which the flat patch keeps both three-label faces and two others.
    expect(count()).toBe(2 * (2 * 3 + 2));
  });
});
