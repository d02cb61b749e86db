/** The viewer's public data types: what the app hands the surface view and gets back. */

import type { HemisphereName, SurfaceMesh } from '../core/bundle/types';
import type { ColormapName } from './colormaps';

export const VIEW_PRESETS = ['lateral', 'medial', 'dorsal', 'ventral', 'anterior', 'posterior'] as const;
export type ViewPreset = (typeof VIEW_PRESETS)[number];

/** One hemisphere to draw: any of its surfaces (pial, inflated, …) in RAS mm, and its sulcal depth. */
export interface SurfaceHemisphere {
  name: HemisphereName;
  mesh: SurfaceMesh;
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
    };

export interface SurfacePick {
  hemisphere: HemisphereName;
  /** Vertex index within that hemisphere's mesh. */
  vertex: number;
}
