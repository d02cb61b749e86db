/** The numbers behind a scalar overlay's colour scale: its effective range and its data's extent. */

import type { ScalarOverlay } from './types';

/** The values the colormap's ends stand for: vmin..vmax, or ±max(|vmin|, |vmax|) when symmetric. */
export function scalarRange(overlay: Pick<ScalarOverlay, 'vmin' | 'vmax' | 'symmetric'>): [number, number] {
  if (!overlay.symmetric) return [overlay.vmin, overlay.vmax];
  const limit = Math.max(Math.abs(overlay.vmin), Math.abs(overlay.vmax));
  return [-limit, limit];
}

export interface ValueExtent {
  min: number;
  max: number;
  /** Largest magnitude: the top of a threshold or symmetric-limit slider. */
  maxAbs: number;
}

/** Extent of the finite values (NaN and ±Infinity are "no data"); all zeros when there are none. */
export function valueExtent(values: ArrayLike<number>): ValueExtent {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return { min: 0, max: 0, maxAbs: 0 };
  return { min, max, maxAbs: Math.max(-min, max) };
}
