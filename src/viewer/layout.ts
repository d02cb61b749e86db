/**
 * Where each hemisphere sits for a view. Lateral and medial views put the two hemispheres side by
 * side, both turned to show that face (rh spun half a turn about the vertical axis), lh on the
 * left; the other views keep anatomical positions, pulled apart only where the surfaces overlap
 * (inflated or spherical surfaces all sit near the origin).
 */

import { Box3, Vector3 } from 'three';
import type { HemisphereName } from '../core/bundle/types';
import type { ViewPreset } from './types';

export interface HemisphereTransform {
  /** Object position: applied after the rotation about the mesh origin. */
  position: Vector3;
  /** Rotation about the z (superior) axis, radians. */
  rotationZ: number;
}

export type HemisphereBoxes = Partial<Record<HemisphereName, Box3>>;
export type Layout = Partial<Record<HemisphereName, HemisphereTransform>>;

/** Space between hemispheres, as a fraction of the largest box dimension. */
const GAP_FRACTION = 0.06;

function largestDimension(boxes: HemisphereBoxes): number {
  let largest = 0;
  const size = new Vector3();
  for (const box of Object.values(boxes)) {
    box.getSize(size);
    largest = Math.max(largest, size.x, size.y, size.z);
  }
  return largest;
}

/** Position that puts the rotated box's centre at `target`: target − R·centre. */
function placeCentre(box: Box3, rotationZ: number, target: Vector3): HemisphereTransform {
  const c = box.getCenter(new Vector3()).applyAxisAngle(new Vector3(0, 0, 1), rotationZ);
  return { position: target.clone().sub(c), rotationZ };
}

export function hemisphereLayout(view: ViewPreset, boxes: HemisphereBoxes): Layout {
  const { lh, rh } = boxes;
  const gap = GAP_FRACTION * largestDimension(boxes);
  if (view === 'lateral' || view === 'medial') {
    // The lateral camera looks from −x, so screen-right is −y; the medial one from +x (right is +y).
    const right = view === 'lateral' ? -1 : 1;
    const both = lh !== undefined && rh !== undefined;
    const layout: Layout = {};
    if (lh) {
      const half = both ? (lh.max.y - lh.min.y) / 2 + gap / 2 : 0;
      layout.lh = placeCentre(lh, 0, new Vector3(0, -right * half, (lh.min.z + lh.max.z) / 2));
    }
    if (rh) {
      const half = both ? (rh.max.y - rh.min.y) / 2 + gap / 2 : 0;
      layout.rh = placeCentre(rh, Math.PI, new Vector3(0, right * half, (rh.min.z + rh.max.z) / 2));
    }
    return layout;
  }
  const overlap = lh && rh ? lh.max.x - rh.min.x : -Infinity;
  const shift = overlap > 0 ? (overlap + gap) / 2 : 0;
  const layout: Layout = {};
  if (lh) layout.lh = { position: new Vector3(-shift, 0, 0), rotationZ: 0 };
  if (rh) layout.rh = { position: new Vector3(shift, 0, 0), rotationZ: 0 };
  return layout;
}
