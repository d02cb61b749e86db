/**
 * Region outlines: the boundaries between labels, as line segments through the triangles whose
 * corners carry different labels. Each segment end is a weighted mix of up to three vertices (an
 * edge midpoint or a triangle centre), so the lines can be placed on any of the hemisphere's
 * surfaces, and on the blend of two while it morphs.
 */

export interface OutlineSegments {
  /** Two ends per segment, three vertex indices per end. */
  vertices: Uint32Array;
  /** The weights of those vertices, three per end, summing to 1. */
  weights: Float32Array;
}

/** Labels as integers, NaN counting as unlabelled (0). */
const labelAt = (labels: ArrayLike<number>, i: number) => {
  const l = labels[i];
  return Number.isNaN(l) ? 0 : l;
};

/**
 * Segments along the label boundaries of the triangles `faces`, with the vertices' labels at
 * `labels[offset + vertex]`. A triangle with two labels gets one segment between the midpoints of
 * its two mixed edges; one with three labels gets three, from each edge midpoint to its centre.
 */
export function outlineSegments(faces: Uint32Array, labels: ArrayLike<number>, offset = 0): OutlineSegments {
  let count = 0;
  for (let f = 0; f < faces.length; f += 3) {
    const a = labelAt(labels, offset + faces[f]);
    const b = labelAt(labels, offset + faces[f + 1]);
    const c = labelAt(labels, offset + faces[f + 2]);
    if (a !== b && b !== c && a !== c) count += 3;
    else if (a !== b || b !== c) count += 1;
  }
  const vertices = new Uint32Array(count * 6);
  const weights = new Float32Array(count * 6);
  let end = 0;
  const put = (i: number, j: number, k: number, wi: number, wj: number, wk: number) => {
    vertices[end] = i;
    vertices[end + 1] = j;
    vertices[end + 2] = k;
    weights[end] = wi;
    weights[end + 1] = wj;
    weights[end + 2] = wk;
    end += 3;
  };
  const midpoint = (i: number, j: number) => put(i, j, j, 0.5, 0.5, 0);
  for (let f = 0; f < faces.length; f += 3) {
    const i = faces[f];
    const j = faces[f + 1];
    const k = faces[f + 2];
    const a = labelAt(labels, offset + i);
    const b = labelAt(labels, offset + j);
    const c = labelAt(labels, offset + k);
    if (a === b && b === c) continue;
    if (a === b) {
      midpoint(i, k);
      midpoint(j, k);
    } else if (b === c) {
      midpoint(j, i);
      midpoint(k, i);
    } else if (a === c) {
      midpoint(i, j);
      midpoint(k, j);
    } else {
      const third = 1 / 3;
      midpoint(i, j);
      put(i, j, k, third, third, third);
      midpoint(j, k);
      put(i, j, k, third, third, third);
      midpoint(k, i);
      put(i, j, k, third, third, third);
    }
  }
  return { vertices, weights };
}

/** Writes each segment end's position on the surface `positions` (xyz per vertex) into `target`. */
export function placeSegments(
  target: Float32Array,
  segments: OutlineSegments,
  positions: ArrayLike<number>,
): void {
  const { vertices, weights } = segments;
  for (let e = 0; e < vertices.length; e += 3) {
    for (let axis = 0; axis < 3; axis++) {
      target[e + axis] =
        weights[e] * positions[3 * vertices[e] + axis] +
        weights[e + 1] * positions[3 * vertices[e + 1] + axis] +
        weights[e + 2] * positions[3 * vertices[e + 2] + axis];
    }
  }
}

/**
 * For labels 1..regionCount, the mean of a per-vertex vector (xyz per vertex: positions, normals)
 * over the region's vertices that `faces` uses; NaN for a region with none.
 */
export function regionMeans(
  faces: Uint32Array,
  labels: ArrayLike<number>,
  offset: number,
  vectors: ArrayLike<number>,
  regionCount: number,
): Float64Array {
  const used = usedVertices(faces, vectors.length / 3);
  const sums = new Float64Array(regionCount * 3);
  const counts = new Float64Array(regionCount);
  for (let v = 0; v < used.length; v++) {
    const r = regionIndex(labels, offset, used, v, regionCount);
    if (r < 0) continue;
    for (let axis = 0; axis < 3; axis++) sums[3 * r + axis] += vectors[3 * v + axis];
    counts[r]++;
  }
  return sums.map((sum, i) => sum / counts[Math.floor(i / 3)]);
}

/**
 * For labels 1..regionCount, the vertex of that region nearest the region's mean position on the
 * surface `positions`, among the vertices `faces` uses; −1 for a region with none. Names go there.
 */
export function regionAnchors(
  faces: Uint32Array,
  labels: ArrayLike<number>,
  offset: number,
  positions: ArrayLike<number>,
  regionCount: number,
): Int32Array {
  const means = regionMeans(faces, labels, offset, positions, regionCount);
  const used = usedVertices(faces, positions.length / 3);
  const anchors = new Int32Array(regionCount).fill(-1);
  const best = new Float64Array(regionCount).fill(Infinity);
  for (let v = 0; v < used.length; v++) {
    const r = regionIndex(labels, offset, used, v, regionCount);
    if (r < 0) continue;
    let d = 0;
    for (let axis = 0; axis < 3; axis++) d += (positions[3 * v + axis] - means[3 * r + axis]) ** 2;
    if (d < best[r]) {
      best[r] = d;
      anchors[r] = v;
    }
  }
  return anchors;
}

function usedVertices(faces: Uint32Array, vertexCount: number): Uint8Array {
  const used = new Uint8Array(vertexCount);
  for (let i = 0; i < faces.length; i++) used[faces[i]] = 1;
  return used;
}

/** Region index (label − 1) of a drawn vertex, −1 when unlabelled, not drawn or out of range. */
function regionIndex(
  labels: ArrayLike<number>,
  offset: number,
  used: Uint8Array,
  v: number,
  regionCount: number,
): number {
  const l = labelAt(labels, offset + v);
  return used[v] && Number.isInteger(l) && l >= 1 && l <= regionCount ? l - 1 : -1;
}
