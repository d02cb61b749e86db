import { describe, expect, it } from 'vitest';
import { outlineSegments, placeSegments, regionAnchors, regionMeans } from './outlines';

/** A 3 × 3 grid of vertices in z = 0, 1 mm apart, as 8 triangles. */
const positions = new Float32Array(27);
for (let v = 0; v < 9; v++) positions.set([v % 3, Math.floor(v / 3), 0], 3 * v);
// prettier-ignore
const faces = new Uint32Array([
  0, 1, 4, 0, 4, 3, 1, 2, 5, 1, 5, 4,
  3, 4, 7, 3, 7, 6, 4, 5, 8, 4, 8, 7,
]);

/** Segment ends as points, rounded to 1e-6. */
function ends(labels: ArrayLike<number>, offset = 0): number[][] {
  const segments = outlineSegments(faces, labels, offset);
  const placed = new Float32Array(segments.vertices.length);
  placeSegments(placed, segments, positions);
  const points: number[][] = [];
  for (let e = 0; e < placed.length; e += 3)
    points.push([placed[e], placed[e + 1], placed[e + 2]].map((x) => Math.round(x * 1e6) / 1e6));
  return points;
}

describe('outlineSegments', () => {
  it('draws nothing inside one region', () => {
    expect(outlineSegments(faces, new Int32Array(9).fill(2)).vertices).toHaveLength(0);
  });

  it('runs between edge midpoints where two labels meet', () => {
    // The left column is region 1, the rest unlabelled: the boundary is the line x = 0.5.
    const labels = new Int32Array([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    const points = ends(labels);
    // Four triangles touch the left column, one segment each.
    expect(points).toHaveLength(8);
    for (const [x, , z] of points) {
      expect(x).toBe(0.5);
      expect(z).toBe(0);
    }
    const ys = points.map(([, y]) => y).sort();
    expect(ys[0]).toBe(0);
    expect(ys.at(-1)).toBe(2);
  });

  it('meets at the centre of a triangle with three labels', () => {
    const labels = new Int32Array(9);
    labels[0] = 1;
    labels[1] = 2;
    labels[4] = 3;
    const segments = outlineSegments(new Uint32Array([0, 1, 4]), labels);
    expect(segments.vertices).toHaveLength(3 * 2 * 3);
    const placed = new Float32Array(segments.vertices.length);
    placeSegments(placed, segments, positions);
    // Every second end is the centre (2/3, 1/3).
    for (let e = 3; e < placed.length; e += 6) {
      expect(placed[e]).toBeCloseTo(2 / 3, 6);
      expect(placed[e + 1]).toBeCloseTo(1 / 3, 6);
    }
    for (let e = 0; e < segments.weights.length; e += 3)
      expect(segments.weights[e] + segments.weights[e + 1] + segments.weights[e + 2]).toBeCloseTo(1, 6);
  });

  it('reads labels at an offset (rh after lh) and counts NaN as unlabelled', () => {
    const labels = new Float32Array([7, 7, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(ends(labels, 2)).toEqual(ends(new Float32Array([1, 0, 0, 1, 0, 0, 1, 0, 0])));
    const withNaN = new Float32Array([1, Number.NaN, 0, 1, 0, 0, 1, 0, Number.NaN]);
    expect(ends(withNaN)).toEqual(ends(new Float32Array([1, 0, 0, 1, 0, 0, 1, 0, 0])));
  });
});

describe('regionAnchors', () => {
  it('picks the region vertex nearest its mean, −1 for an empty region', () => {
    const labels = new Int32Array([1, 1, 1, 0, 2, 0, 0, 0, 0]);
    expect(Array.from(regionAnchors(faces, labels, 0, positions, 3))).toEqual([1, 4, -1]);
  });

  it('ignores vertices no face uses', () => {
    const labels = new Int32Array([1, 1, 0, 0, 0, 0, 0, 0, 1]);
    // Only the bottom-left triangles are drawn, so vertex 8 does not pull the mean.
    expect(Array.from(regionAnchors(faces.subarray(0, 6), labels, 0, positions, 1))).toEqual([0]);
  });
});

describe('regionMeans', () => {
  it('averages a per-vertex vector over each region, NaN for an empty one', () => {
    const labels = new Int32Array([1, 1, 0, 0, 2, 0, 0, 0, 0]);
    const means = regionMeans(faces, labels, 0, positions, 3);
    expect(Array.from(means.subarray(0, 6))).toEqual([0.5, 0, 0, 1, 1, 0]);
    expect(means.subarray(6).every(Number.isNaN)).toBe(true);
  });
});
