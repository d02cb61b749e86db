/**
 * Camera presets: for each view, the direction the camera looks from and a distance that frames a
 * bounding box. The camera's up is always superior (+z), which also keeps OrbitControls turning
 * about the brain's vertical axis.
 */

import { Box3, Matrix4, Vector3 } from 'three';
import type { ViewPreset } from './types';

export const CAMERA_UP: Readonly<Vector3> = new Vector3(0, 0, 1);

/**
 * Dorsal and ventral views look along the up axis, where "up on screen" is undefined; tilting them
 * by this angle makes anterior point up on screen in both.
 */
const POLE_TILT = 1e-3;

/** Unit vector from the target toward the camera. */
export function viewDirection(view: ViewPreset): Vector3 {
  const s = Math.sin(POLE_TILT);
  const c = Math.cos(POLE_TILT);
  switch (view) {
    case 'lateral':
      return new Vector3(-1, 0, 0);
    case 'medial':
      return new Vector3(1, 0, 0);
    case 'anterior':
      return new Vector3(0, 1, 0);
    case 'posterior':
      return new Vector3(0, -1, 0);
    case 'dorsal':
      return new Vector3(0, -s, c);
    case 'ventral':
      return new Vector3(0, s, -c);
  }
}

export interface CameraPose {
  position: Vector3;
  target: Vector3;
}

/**
 * Camera position and target that fit `box` in a perspective view with vertical field of view
 * `fovDeg` and width/height `aspect`, with `margin` room around it.
 */
export function cameraPose(
  view: ViewPreset,
  box: Box3,
  fovDeg: number,
  aspect: number,
  margin = 1.1,
): CameraPose {
  const dir = viewDirection(view);
  const target = box.getCenter(new Vector3());
  // Columns of a lookAt matrix: screen right, screen up, toward the camera.
  const basis = new Matrix4().lookAt(dir, new Vector3(), CAMERA_UP);
  const right = new Vector3().setFromMatrixColumn(basis, 0);
  const up = new Vector3().setFromMatrixColumn(basis, 1);
  let halfWidth = 0;
  let halfHeight = 0;
  let halfDepth = 0;
  const corner = new Vector3();
  for (let i = 0; i < 8; i++) {
    corner
      .set(i & 1 ? box.max.x : box.min.x, i & 2 ? box.max.y : box.min.y, i & 4 ? box.max.z : box.min.z)
      .sub(target);
    halfWidth = Math.max(halfWidth, Math.abs(corner.dot(right)));
    halfHeight = Math.max(halfHeight, Math.abs(corner.dot(up)));
    halfDepth = Math.max(halfDepth, Math.abs(corner.dot(dir)));
  }
  const tanHalf = Math.tan((fovDeg * Math.PI) / 360);
  const distance = halfDepth + margin * Math.max(halfHeight / tanHalf, halfWidth / (tanHalf * aspect));
  return { position: target.clone().addScaledVector(dir, distance), target };
}
