/**
 * The demo cortical surfaces: an icosphere shaped into a hemisphere (inflated), then folded along its
 * normals by a sulcal depth map (pial). Built once for the left hemisphere and mirrored for the right.
 * Coordinates are RAS mm: x right, y anterior, z superior; lh lies at x < 0.
 */
import type { Hemisphere, HemisphereName } from '../bundle/types';
import type { JobContext } from '../jobs/progress';
import { createRng } from '../random';
import { randomField, smoothstep } from './fields';
import { vertexNormals } from './geometry';
import { icosphere } from './icosphere';

export interface HemisphereGeometry {
  name: HemisphereName;
  /** Counter-clockwise seen from outside, shared by all surfaces. */
  faces: Uint32Array;
  /** The icosphere, radius 100 mm, centred at the origin (like FreeSurfer's ?h.sphere). */
  sphere: Float32Array;
  /** The smooth, unfolded hemisphere shape. */
  inflated: Float32Array;
  /** The folded surface. */
  pial: Float32Array;
  /** Sulcal depth in mm: positive in sulci, negative on gyri, mean 0. */
  sulc: Float32Array;
}

type Vec3 = [number, number, number];

export const SPHERE_RADIUS = 100;
/** The medial wall is flattened against this plane (lh), leaving a gap to the midline. */
const MEDIAL_PLANE = -5;
/** Softness (mm) of the medial flattening, i.e. roughly the radius of the rounded dorsal/ventral rims. */
const MEDIAL_SOFTNESS = 6;

/**
 * Map a unit direction to the inflated lh shape: a superellipsoid whose semi-axes vary slowly with
 * direction (narrower poles, a taller parietal vault, a lower lateral temporal lobe), then squashed
 * against the medial plane by a monotone soft clip of x. Slow variation and a monotone clip keep the
 * map one-to-one, so the shape is a simple closed surface.
 */
function hemisphereShape(ux: number, uy: number, uz: number): Vec3 {
  // Superellipsoid direction (p = 2.5): fuller than an ellipsoid, closer to a brain's boxy profile.
  const norm = (Math.abs(ux) ** 2.5 + Math.abs(uy) ** 2.5 + Math.abs(uz) ** 2.5) ** (1 / 2.5);
  const dx = ux / norm;
  const dy = uy / norm;
  const dz = uz / norm;
  const lateral = smoothstep(0.2, -0.6, dx);
  const ax = 48 * (1 - 0.2 * smoothstep(-0.45, -1, dy) - 0.12 * smoothstep(0.5, 1, dy));
  const ay = dy < 0 ? 86 : 82;
  const top = 50 + 9 * Math.exp(-(((dy + 0.15) / 0.55) ** 2));
  const temporal = dy > 0.05 ? Math.exp(-(((dy - 0.05) / 0.28) ** 2)) : Math.exp(-(((dy - 0.05) / 0.5) ** 2));
  const bottom = 30 + 20 * lateral * temporal;
  const x = -22 + ax * dx;
  const softened =
    MEDIAL_PLANE - MEDIAL_SOFTNESS * Math.log1p(Math.exp(-(x - MEDIAL_PLANE) / MEDIAL_SOFTNESS));
  return [softened, ay * dy, (dz > 0 ? top : bottom) * dz];
}

interface MajorSulcus {
  /** End points as lh sphere directions; the sulcus follows the great circle between them. */
  from: Vec3;
  to: Vec3;
  /** Depth (mm) at the middle of the sulcus, tapering to 0 at its ends. */
  depth: number;
  /** Gaussian half-width (mm) across the sulcus. */
  width: number;
}

/** A direction on the lateral side of the lh sphere at the given anterior (dy) and superior (dz) components. */
function lateralDirection(dy: number, dz: number): Vec3 {
  return [-Math.sqrt(1 - dy * dy - dz * dz), dy, dz];
}

/** The landmark fissures; everything else is folded by the random minor pattern. */
const MAJOR_SULCI: MajorSulcus[] = [
  // lateral (Sylvian) fissure, above the temporal lobe
  { from: lateralDirection(0.3, -0.22), to: lateralDirection(-0.45, 0.3), depth: 12, width: 5 },
  // central sulcus, from the dorsal midline down and forward
  { from: [0.3, -0.12, 0.95], to: lateralDirection(0.1, 0.3), depth: 10, width: 4.5 },
  // superior temporal sulcus
  { from: lateralDirection(0.22, -0.55), to: lateralDirection(-0.55, -0.05), depth: 8, width: 4.5 },
  // calcarine sulcus, along the medial occipital surface (V1 lies in it)
  { from: [0.3, -0.95, -0.05], to: [0.85, -0.5, -0.12], depth: 9, width: 4.5 },
  // parieto-occipital sulcus, meeting the calcarine
  { from: [0.55, -0.62, 0.56], to: [0.78, -0.6, -0.08], depth: 9, width: 4.5 },
];

/** A major sulcus placed on the inflated shape: a polyline sampled along its great circle, and its bounding box. */
interface PlacedSulcus {
  sulcus: MajorSulcus;
  polyline: Float64Array;
  /** min x, y, z, max x, y, z, padded to where the depth profile has vanished (4 widths). */
  box: number[];
}

function placeSulcus(sulcus: MajorSulcus, steps = 24): PlacedSulcus {
  const [a, b] = [sulcus.from, sulcus.to].map((d) => {
    const len = Math.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2);
    return d.map((c) => c / len) as Vec3;
  });
  const omega = Math.acos(Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2]));
  const polyline = new Float64Array((steps + 1) * 3);
  const box = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const wa = Math.sin((1 - t) * omega) / Math.sin(omega);
    const wb = Math.sin(t * omega) / Math.sin(omega);
    const p = hemisphereShape(wa * a[0] + wb * b[0], wa * a[1] + wb * b[1], wa * a[2] + wb * b[2]);
    polyline.set(p, 3 * i);
    for (let k = 0; k < 3; k++) {
      box[k] = Math.min(box[k], p[k] - 4 * sulcus.width);
      box[k + 3] = Math.max(box[k + 3], p[k] + 4 * sulcus.width);
    }
  }
  return { sulcus, polyline, box };
}

/** Depth (mm) of a major sulcus at point p: Gaussian across the polyline, tapering towards its ends. */
function majorSulcusDepth(
  { sulcus, polyline, box }: PlacedSulcus,
  px: number,
  py: number,
  pz: number,
): number {
  if (px < box[0] || py < box[1] || pz < box[2] || px > box[3] || py > box[4] || pz > box[5]) return 0;
  const segments = polyline.length / 3 - 1;
  let best = Infinity;
  let along = 0;
  for (let s = 0; s < segments; s++) {
    const ax = polyline[3 * s];
    const ay = polyline[3 * s + 1];
    const az = polyline[3 * s + 2];
    const ex = polyline[3 * s + 3] - ax;
    const ey = polyline[3 * s + 4] - ay;
    const ez = polyline[3 * s + 5] - az;
    const t = Math.min(
      1,
      Math.max(0, ((px - ax) * ex + (py - ay) * ey + (pz - az) * ez) / (ex * ex + ey * ey + ez * ez)),
    );
    const d2 = (px - ax - t * ex) ** 2 + (py - ay - t * ey) ** 2 + (pz - az - t * ez) ** 2;
    if (d2 < best) {
      best = d2;
      along = (s + t) / segments;
    }
  }
  return (
    sulcus.depth * Math.sqrt(Math.sin(Math.PI * along)) * Math.exp(-best / (sulcus.width * sulcus.width))
  );
}

/** Minor folds: sulci along the zero set of a domain-warped random field, so they form a labyrinth of grooves. */
function minorFolds(seed: number) {
  const rng = createRng(seed);
  const pattern = randomField(rng, 34, 24);
  const warp = [randomField(rng, 70, 8), randomField(rng, 70, 8), randomField(rng, 70, 8)];
  const depth = 8;
  const grooveWidth = 0.85;
  return (x: number, y: number, z: number) => {
    const n = pattern(x + 8 * warp[0](x, y, z), y + 8 * warp[1](x, y, z), z + 8 * warp[2](x, y, z));
    // The medial wall (around the corpus callosum) is smooth cortex-free surface in real brains.
    const wall = smoothstep(-16, -8, x) * Math.exp(-((y / 32) ** 2) - ((z + 8) / 18) ** 2);
    return depth * Math.exp(-((n / grooveWidth) ** 2)) * (1 - 0.9 * wall);
  };
}

/** Build the left hemisphere's surfaces from an icosphere with the given number of subdivisions. */
export async function buildLeftHemisphere(
  seed: number,
  subdivisions: number,
  ctx: JobContext,
): Promise<HemisphereGeometry> {
  const { positions: unit, faces } = icosphere(subdivisions);
  const n = unit.length / 3;
  await ctx.checkpoint(0.1, 'Subdividing the icosphere');
  const sphere = new Float32Array(unit.length);
  const inflated = new Float64Array(unit.length);
  for (let v = 0; v < n; v++) {
    for (let k = 0; k < 3; k++) sphere[3 * v + k] = SPHERE_RADIUS * unit[3 * v + k];
    inflated.set(hemisphereShape(unit[3 * v], unit[3 * v + 1], unit[3 * v + 2]), 3 * v);
  }
  await ctx.checkpoint(0.2, 'Shaping the hemisphere');

  const sulci = MAJOR_SULCI.map((s) => placeSulcus(s));
  const minor = minorFolds(seed);
  const depth = new Float64Array(n);
  let meanDepth = 0;
  const chunk = 512;
  for (let start = 0; start < n; start += chunk) {
    for (let v = start; v < Math.min(n, start + chunk); v++) {
      const x = inflated[3 * v];
      const y = inflated[3 * v + 1];
      const z = inflated[3 * v + 2];
      let d = minor(x, y, z);
      for (const sulcus of sulci) d = Math.max(d, majorSulcusDepth(sulcus, x, y, z));
      depth[v] = d;
      meanDepth += d / n;
    }
    await ctx.checkpoint(0.2 + (0.7 * start) / n, 'Folding the cortex');
  }

  // Gyral crowns move out and sulcal fundi in, so the pial surface encloses about the inflated volume.
  const normals = vertexNormals(inflated, faces);
  const pial = new Float32Array(unit.length);
  const sulc = new Float32Array(n);
  for (let v = 0; v < n; v++) {
    sulc[v] = depth[v] - meanDepth;
    for (let k = 0; k < 3; k++) pial[3 * v + k] = inflated[3 * v + k] - sulc[v] * normals[3 * v + k];
  }
  await ctx.checkpoint(1, 'Folding the cortex');
  return { name: 'lh', faces, sphere, inflated: Float32Array.from(inflated), pial, sulc };
}

/** The right hemisphere as the mirror image (x → −x) of the left, faces re-wound to stay outward. */
export function mirrorHemisphere(lh: HemisphereGeometry): HemisphereGeometry {
  const mirror = (p: Float32Array) => {
    const out = Float32Array.from(p);
    for (let i = 0; i < out.length; i += 3) out[i] = -out[i];
    return out;
  };
  const faces = Uint32Array.from(lh.faces);
  for (let f = 0; f < faces.length; f += 3) [faces[f + 1], faces[f + 2]] = [lh.faces[f + 2], lh.faces[f + 1]];
  return {
    name: 'rh',
    faces,
    sphere: mirror(lh.sphere),
    inflated: mirror(lh.inflated),
    pial: mirror(lh.pial),
    sulc: Float32Array.from(lh.sulc),
  };
}

export function toBundleHemisphere(g: HemisphereGeometry): Hemisphere {
  return {
    name: g.name,
    surfaces: {
      pial: { positions: g.pial, faces: g.faces },
      inflated: { positions: g.inflated, faces: g.faces },
      sphere: { positions: g.sphere, faces: g.faces },
    },
    sulc: g.sulc,
  };
}
