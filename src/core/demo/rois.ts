/**
 * Regions of interest and the retinotopic map on the demo lh surface (the rh mirrors it vertex for
 * vertex). Early visual areas V1–V3 form a wedge around the occipital pole, split into dorsal and
 * ventral halves like NSD's prf-visualrois; LO, FFA and PPA are geodesic discs at their usual places.
 */
import type { JobContext } from '../jobs/progress';
import { components, vertexAdjacency, type Adjacency } from './geometry';
import { SPHERE_RADIUS, type HemisphereGeometry } from './mesh';

export const ROI_NAMES = ['V1v', 'V1d', 'V2v', 'V2d', 'V3v', 'V3d', 'LO', 'FFA', 'PPA'] as const;
export type RoiName = (typeof ROI_NAMES)[number];
/** The label value of an ROI in RoiMap.labels (0 = unlabelled). */
export const roiLabel = (name: RoiName) => ROI_NAMES.indexOf(name) + 1;
export const isEarlyVisual = (label: number) => label >= roiLabel('V1v') && label <= roiLabel('V3d');

/** Per vertex, in degrees of visual angle; NaN outside V1–V3. */
export interface Retinotopy {
  eccentricity: Float32Array;
  /** 0 = horizontal meridian of the contralateral field, +90 = upper, −90 = lower vertical meridian. */
  polarAngle: Float32Array;
  /** Receptive-field (pRF) Gaussian SD. */
  sigma: Float32Array;
}

export interface RoiMap {
  /** Per vertex: 0 = none, k = ROI_NAMES[k − 1]. */
  labels: Int32Array;
  retinotopy: Retinotopy;
}

/** Cortical distance (mm) from the foveal confluence where the labelled map starts: thinner wedges would break apart. */
const MIN_RHO = 8;
/** Magnification of the Horton & Hoyt form, eccentricity = E2 · (exp(ρ / K) − 1), K stretched to fit the demo cortex. */
const E2 = 0.75;
const K = 21;
/** The map reaches 6°, the corner of an 8.4° image. */
const MAX_ECCENTRICITY = 6;
const MAX_RHO = K * Math.log(1 + MAX_ECCENTRICITY / E2);
/** Azimuth (around the pole) spanned by each of V1, V2 and V3 on each side of the calcarine. */
const AREA_WEDGE = (100 / 3) * (Math.PI / 180);
/** pRF size = intercept + slope · eccentricity (deg) for V1, V2, V3; roughly as measured in human cortex. */
const PRF_SIZE = [
  [0.25, 0.12],
  [0.3, 0.17],
  [0.4, 0.26],
];

/** Discs in the lh: a target point (inflated mm) outside the surface, whose nearest vertex is the centre, and a geodesic radius. */
const DISCS: { name: RoiName; target: [number, number, number]; radius: number }[] = [
  { name: 'LO', target: [-95, -62, 2], radius: 16 },
  { name: 'FFA', target: [-40, -42, -70], radius: 12 },
  { name: 'PPA', target: [-14, -34, -70], radius: 12 },
];

/** Length of each adjacency entry's edge, aligned with `adjacency.neighbours`. */
function edgeLengths(positions: Float32Array, adjacency: Adjacency): Float64Array {
  const lengths = new Float64Array(adjacency.neighbours.length);
  for (let v = 0; v < adjacency.offsets.length - 1; v++) {
    for (let j = adjacency.offsets[v]; j < adjacency.offsets[v + 1]; j++) {
      const w = adjacency.neighbours[j];
      const dx = positions[3 * w] - positions[3 * v];
      const dy = positions[3 * w + 1] - positions[3 * v + 1];
      const dz = positions[3 * w + 2] - positions[3 * v + 2];
      lengths[j] = Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
  }
  return lengths;
}

/** Single-source shortest paths along mesh edges (binary-heap Dijkstra). */
function geodesicDistance(adjacency: Adjacency, lengths: Float64Array, source: number): Float64Array {
  const n = adjacency.offsets.length - 1;
  const dist = new Float64Array(n).fill(Infinity);
  const heapVertex: number[] = [];
  const heapDist: number[] = [];
  const push = (v: number, d: number) => {
    let i = heapVertex.length;
    heapVertex.push(v);
    heapDist.push(d);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapDist[parent] <= d) break;
      heapVertex[i] = heapVertex[parent];
      heapDist[i] = heapDist[parent];
      i = parent;
    }
    heapVertex[i] = v;
    heapDist[i] = d;
  };
  const pop = () => {
    const top = heapVertex[0];
    const lastVertex = heapVertex.pop()!;
    const lastDist = heapDist.pop()!;
    if (heapVertex.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapVertex.length) break;
        if (child + 1 < heapVertex.length && heapDist[child + 1] < heapDist[child]) child++;
        if (heapDist[child] >= lastDist) break;
        heapVertex[i] = heapVertex[child];
        heapDist[i] = heapDist[child];
        i = child;
      }
      heapVertex[i] = lastVertex;
      heapDist[i] = lastDist;
    }
    return top;
  };
  dist[source] = 0;
  push(source, 0);
  const done = new Uint8Array(n);
  while (heapVertex.length > 0) {
    const v = pop();
    if (done[v]) continue;
    done[v] = 1;
    for (let j = adjacency.offsets[v]; j < adjacency.offsets[v + 1]; j++) {
      const w = adjacency.neighbours[j];
      const d = dist[v] + lengths[j];
      if (d < dist[w]) {
        dist[w] = d;
        push(w, d);
      }
    }
  }
  return dist;
}

function nearestVertex(positions: Float32Array, [x, y, z]: [number, number, number]): number {
  let best = 0;
  let bestD = Infinity;
  for (let v = 0; v < positions.length / 3; v++) {
    const d = (positions[3 * v] - x) ** 2 + (positions[3 * v + 1] - y) ** 2 + (positions[3 * v + 2] - z) ** 2;
    if (d < bestD) [best, bestD] = [v, d];
  }
  return best;
}

/**
 * The early visual map. ρ is the geodesic distance on the inflated surface from the occipital pole
 * (the foveal confluence), ψ the azimuth around the pole measured on the sphere from the medial
 * direction (the calcarine) towards dorsal. Eccentricity grows with ρ; the polar angle runs from the
 * horizontal meridian at the calcarine to the vertical meridian at the V1/V2 border and back (V2),
 * then out again (V3); dorsal cortex maps the lower field.
 */
function earlyVisualMap(
  lh: HemisphereGeometry,
  rho: Float64Array,
  pole: number,
  labels: Int32Array,
): Retinotopy {
  const n = labels.length;
  const s = lh.sphere;
  const p = [s[3 * pole], s[3 * pole + 1], s[3 * pole + 2]].map((c) => c / SPHERE_RADIUS);
  // Tangent frame at the pole: e1 towards medial (+x for lh), e2 towards dorsal (+z).
  const e1 = [1 - p[0] * p[0], -p[0] * p[1], -p[0] * p[2]];
  const l1 = Math.sqrt(e1[0] ** 2 + e1[1] ** 2 + e1[2] ** 2);
  e1.forEach((_, k) => (e1[k] /= l1));
  const e2 = [p[1] * e1[2] - p[2] * e1[1], p[2] * e1[0] - p[0] * e1[2], p[0] * e1[1] - p[1] * e1[0]];
  if (e2[2] < 0) e2.forEach((_, k) => (e2[k] = -e2[k]));

  const retinotopy: Retinotopy = {
    eccentricity: new Float32Array(n).fill(NaN),
    polarAngle: new Float32Array(n).fill(NaN),
    sigma: new Float32Array(n).fill(NaN),
  };
  for (let v = 0; v < n; v++) {
    if (rho[v] < MIN_RHO || rho[v] > MAX_RHO) continue;
    const d = [s[3 * v], s[3 * v + 1], s[3 * v + 2]];
    const psi = Math.atan2(
      d[0] * e2[0] + d[1] * e2[1] + d[2] * e2[2],
      d[0] * e1[0] + d[1] * e1[1] + d[2] * e1[2],
    );
    const m = Math.abs(psi) / AREA_WEDGE;
    if (m >= 3) continue;
    const area = Math.floor(m);
    // |polar angle| in units of 90°: 0 at the calcarine and the V2/V3 border, 1 at V1/V2 and V3's outer edge.
    const meridian = area === 1 ? 2 - m : area === 2 ? m - 2 : m;
    const dorsal = psi >= 0;
    const eccentricity = E2 * (Math.exp(rho[v] / K) - 1);
    labels[v] = roiLabel(ROI_NAMES[2 * area + (dorsal ? 1 : 0)]);
    retinotopy.eccentricity[v] = eccentricity;
    retinotopy.polarAngle[v] = (dorsal ? -90 : 90) * meridian;
    retinotopy.sigma[v] = PRF_SIZE[area][0] + PRF_SIZE[area][1] * eccentricity;
  }
  return retinotopy;
}

/** Keep only the largest connected patch of each label, so every ROI is one contiguous region. */
function keepLargestPatches(adjacency: Adjacency, labels: Int32Array, retinotopy: Retinotopy) {
  for (let label = 1; label <= ROI_NAMES.length; label++) {
    const patch = components(adjacency, (v) => labels[v] === label);
    const sizes = new Map<number, number>();
    for (const id of patch) if (id >= 0) sizes.set(id, (sizes.get(id) ?? 0) + 1);
    let largest = -1;
    for (const [id, size] of sizes) if (largest < 0 || size > sizes.get(largest)!) largest = id;
    for (let v = 0; v < labels.length; v++) {
      if (patch[v] < 0 || patch[v] === largest) continue;
      labels[v] = 0;
      retinotopy.eccentricity[v] = retinotopy.polarAngle[v] = retinotopy.sigma[v] = NaN;
    }
  }
}

export async function buildRoiMap(lh: HemisphereGeometry, ctx: JobContext): Promise<RoiMap> {
  const n = lh.sulc.length;
  const adjacency = vertexAdjacency(lh.faces, n);
  const lengths = edgeLengths(lh.inflated, adjacency);
  await ctx.checkpoint(0.1, 'Mapping visual areas');
  const labels = new Int32Array(n);
  // The occipital pole: the most posterior point of the inflated surface.
  let pole = 0;
  for (let v = 0; v < n; v++) if (lh.inflated[3 * v + 1] < lh.inflated[3 * pole + 1]) pole = v;
  const rho = geodesicDistance(adjacency, lengths, pole);
  await ctx.checkpoint(0.25, 'Mapping visual areas');
  const retinotopy = earlyVisualMap(lh, rho, pole, labels);
  await ctx.checkpoint(0.4, 'Mapping visual areas');
  for (const [k, disc] of DISCS.entries()) {
    const dist = geodesicDistance(adjacency, lengths, nearestVertex(lh.inflated, disc.target));
    // Discs never overwrite earlier areas.
    for (let v = 0; v < n; v++)
      if (labels[v] === 0 && dist[v] <= disc.radius) labels[v] = roiLabel(disc.name);
    await ctx.checkpoint(0.4 + (0.5 * (k + 1)) / DISCS.length, 'Mapping visual areas');
  }
  keepLargestPatches(adjacency, labels, retinotopy);
  await ctx.checkpoint(1, 'Mapping visual areas');
  return { labels, retinotopy };
}
