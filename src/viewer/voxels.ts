/**
 * The voxel cloud's pure side: which voxels an overlay paints and in what colour (as the surface
 * shader would), and how large a point sprite must be to span one voxel.
 */

import { categoricalColor, colormapLUT, LUT_SIZE } from './colormaps';
import { scalarRange } from './scale';
import type { Overlay } from './types';

export interface VoxelPaint {
  /** Voxels the overlay colours, ascending. */
  painted: Int32Array;
  /** sRGB bytes, three per painted voxel. */
  colors: Uint8Array;
  /** Voxels without a colour (no data, below the threshold, unlabelled), ascending: drawn as gray context. */
  blank: Int32Array;
}

/** Splits the overlay's per-voxel values into painted voxels with their colours and blank ones. */
export function paintVoxels(overlay: Overlay): VoxelPaint {
  const { values } = overlay;
  const painted: number[] = [];
  const blank: number[] = [];
  const colors = new Uint8Array(values.length * 3);
  if (overlay.kind === 'scalar') {
    const lut = colormapLUT(overlay.colormap);
    const [vmin, vmax] = scalarRange(overlay);
    const threshold = overlay.threshold ?? 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || Math.abs(v) < threshold) {
        blank.push(i);
        continue;
      }
      const t = Math.min(1, Math.max(0, (v - vmin) / Math.max(vmax - vmin, 1e-20)));
      const entry = 4 * Math.round(t * (LUT_SIZE - 1));
      colors.set(lut.subarray(entry, entry + 3), 3 * painted.length);
      painted.push(i);
    }
  } else {
    const count = overlay.labelNames.length;
    for (let i = 0; i < values.length; i++) {
      const label = Math.round(values[i]);
      if (!(label >= 1 && label <= count)) {
        blank.push(i);
        continue;
      }
      colors.set(categoricalColor(label - 1), 3 * painted.length);
      painted.push(i);
    }
  }
  return {
    painted: Int32Array.from(painted),
    colors: colors.slice(0, 3 * painted.length),
    blank: Int32Array.from(blank),
  };
}

/**
 * The PointsMaterial size (with sizeAttenuation) at which a point spans `worldSize` in a perspective
 * camera of vertical field of view `fovDeg`: three.js scales it by half the view height over depth,
 * which leaves out the 1 / tan(fov / 2) of the projection.
 */
export function pointSize(worldSize: number, fovDeg: number): number {
  return worldSize / Math.tan((fovDeg * Math.PI) / 360);
}
