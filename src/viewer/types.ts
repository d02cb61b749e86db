/** The viewer's public data types: what the app hands the surface view and gets back. */

import type { HemisphereName, SurfaceMesh } from '../core/bundle/types';
import type { ColormapName } from './colormaps';

export const VIEW_PRESETS = ['lateral', 'medial', 'dorsal', 'ventral', 'anterior', 'posterior'] as const;
export type ViewPreset = (typeof VIEW_PRESETS)[number];

/**
 * One hemisphere to draw: its surfaces (pial, inflated, sphere, flat, …) in RAS mm, all with the
 * same vertices in the same order, and its sulcal depth. A flat surface lies in z = 0 and may
 * leave vertices out of its faces (the medial wall, the cuts).
 */
export interface SurfaceHemisphere {
  name: HemisphereName;
  surfaces: Readonly<Record<string, SurfaceMesh>>;
  /** Per vertex, positive in sulci, negative on gyri (FreeSurfer's sulc). */
  sulc: Float32Array;
}

/**
 * Per-vertex data painted over the curvature, values for lh's vertices then rh's
 * (only those hemispheres that are shown). NaN means no data.
 */
export type Overlay =
  | {
      kind: 'categorical';
      /** 0 = unlabelled (curvature only), k = labelNames[k - 1]. */
      values: Int32Array | Float32Array;
      labelNames: string[];
    }
  | {
      kind: 'scalar';
      values: Float32Array;
      colormap: ColormapName;
      /** Values at or below vmin take the first colour, at or above vmax the last. */
      vmin: number;
      vmax: number;
      /** Vertices with |value| below this show the curvature only. */
      threshold?: number;
      /**
       * Centre the colormap on 0: the range becomes ±max(|vmin|, |vmax|), for diverging maps
       * such as RdBu_r.
       */
      symmetric?: boolean;
    };

export type ScalarOverlay = Extract<Overlay, { kind: 'scalar' }>;

/** Boundaries between labelled regions, drawn as lines over whatever overlay is shown. */
export interface Outlines {
  /** Per vertex, lh then rh like overlay values: 0 = unlabelled, k = region k. */
  labels: Int32Array | Float32Array;
  /** Names of regions 1..n, written at each region's centre; without them only the lines are drawn. */
  labelNames?: string[];
}

export interface SurfacePick {
  hemisphere: HemisphereName;
  /** Vertex index within that hemisphere's mesh. */
  vertex: number;
}
