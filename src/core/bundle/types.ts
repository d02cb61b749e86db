/**
 * The subject bundle: the one compact input every later step (fitting, dreams, RSA) reads.
 * Responses are stored image-major: `responses[i * unitCount + u]`.
 * The HDF5 layout is documented in docs/bundle-format.md.
 */

export type Space = 'func1pt8mm' | 'func1mm' | 'nativesurface' | 'fsaverage' | 'demo';
export type HemisphereName = 'lh' | 'rh';

export interface ResponseSplit {
  /** z-scored, repetition-averaged responses, images × units, row-major. */
  responses: Float32Array;
  /** 0-based image ids (nsd ids for NSD data, demo image ids for the demo), ascending. */
  nsdIds: Int32Array;
  /** How many repetitions were averaged for each image. */
  repetitions: Uint8Array;
}

export interface RoiSet {
  name: string;
  /** Per unit label, 0 = unlabelled, k = labelNames[k - 1]. */
  labels: Int32Array;
  labelNames: string[];
}

export interface SurfaceMesh {
  /** Vertex positions, xyz interleaved (mm). */
  positions: Float32Array;
  /** Triangles, vertex indices, three per face, counter-clockwise seen from outside. */
  faces: Uint32Array;
}

export interface Hemisphere {
  name: HemisphereName;
  /** Named surfaces sharing vertex order and faces, e.g. pial, inflated, sphere. */
  surfaces: Record<string, SurfaceMesh>;
  /** Per-vertex sulcal depth like FreeSurfer's sulc: positive in sulci, negative on gyri. */
  sulc: Float32Array;
}

export interface Units {
  count: number;
  /** Flat volume index (x + X*(y + Y*z)) or vertex index, ascending within a hemisphere. */
  index: Int32Array;
  /** For surface spaces: 0 = lh, 1 = rh per unit. */
  hemisphere?: Uint8Array;
  /** For volume spaces: voxel coordinates x, y, z per unit (U × 3). */
  voxels?: Int32Array;
  /** For volume spaces: grid size [X, Y, Z] and the 4×4 voxel → scanner (mm) affine, row-major. */
  grid?: [number, number, number];
  affine?: Float64Array;
}

export interface Stimuli {
  /** Square image side in pixels. */
  size: number;
  /** images × size × size × 3, uint8 RGB, row-major. */
  images: Uint8Array;
  nsdIds: Int32Array;
}

export interface SourceFileRecord {
  path: string;
  size: number;
  /** SHA-256 (hex) of small files (design, ROIs, noise ceilings); big beta/stimulus files are not hashed. */
  sha256?: string;
}

export interface Provenance {
  source: string;
  appVersion: string;
  created: string;
  /** Free-form key facts, e.g. the demo seed, the ROI used as mask, excluded units. */
  details: Record<string, string | number>;
  files?: SourceFileRecord[];
}

export interface SubjectBundle {
  subject: string;
  space: Space;
  units: Units;
  /** Noise ceiling per unit, percent of variance explainable in the test-set averages. */
  noiseCeiling: Float32Array;
  train: ResponseSplit;
  test: ResponseSplit;
  rois: RoiSet[];
  stimuli: Stimuli;
  /** Present when units are surface vertices and the bundle carries its own meshes. */
  hemispheres?: Hemisphere[];
  provenance: Provenance;
}
