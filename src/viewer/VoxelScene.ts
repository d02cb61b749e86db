/**
 * The imperative three.js side of the voxel view: a volume-space subject's voxel centres as a cloud
 * of square points one voxel wide, painted by an overlay, blank voxels small and gray for context.
 * Renders only when something changed, picks the voxel under a click, and frees every GPU resource
 * on dispose.
 */

import {
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  Points,
  PointsMaterial,
  type Raycaster,
  Sphere,
  SRGBColorSpace,
} from 'three';
import { cameraPose } from './camera';
import type { Overlay, ViewPreset } from './types';
import { FOV, ViewCanvas } from './ViewCanvas';
import { paintVoxels, pointSize } from './voxels';

/** Blank voxels are drawn this fraction of a voxel wide, so painted ones stand out. */
const BLANK_SCALE = 0.35;
/** The surface view's curvature gray. */
const BLANK_GRAY = 0x9a9a9a;

export interface VoxelData {
  /** Voxel centres, scanner mm, xyz interleaved (`voxelCentres`); a new array re-frames the view. */
  centres: Float32Array;
  /** Voxel edge, mm. */
  voxelSize: number;
  /** Per-voxel values; without one every voxel is blank. */
  overlay?: Overlay;
}

/** One of the two clouds and, per drawn point, the voxel it stands for. */
interface Cloud {
  points: Points<BufferGeometry, PointsMaterial>;
  voxels: Int32Array;
}

export class VoxelScene {
  private readonly onPick?: (voxel: number) => void;
  private readonly canvas: ViewCanvas;
  private readonly painted: Cloud = {
    points: new Points(new BufferGeometry(), new PointsMaterial({ vertexColors: true })),
    voxels: new Int32Array(0),
  };
  private readonly blank: Cloud = {
    points: new Points(new BufferGeometry(), new PointsMaterial({ color: BLANK_GRAY })),
    voxels: new Int32Array(0),
  };
  private centres: Float32Array = new Float32Array(0);
  private box = new Box3();
  private view: ViewPreset = 'lateral';

  constructor(container: HTMLElement, onPick?: (voxel: number) => void) {
    this.onPick = onPick;
    this.canvas = new ViewCanvas(container, {
      onRefit: () => this.applyView(),
      onClick: (raycaster) => this.pick(raycaster),
    });
    this.canvas.scene.add(this.painted.points, this.blank.points);
  }

  /** Shows `data`: the clouds are rebuilt for each overlay, the view re-framed only for new centres. */
  setData({ centres, voxelSize, overlay }: VoxelData): void {
    const count = centres.length / 3;
    const paint = overlay
      ? paintVoxels(overlay)
      : {
          painted: new Int32Array(0),
          colors: new Uint8Array(0),
          blank: Int32Array.from({ length: count }, (_, i) => i),
        };
    this.fill(this.painted, centres, paint.painted, paint.colors);
    this.fill(this.blank, centres, paint.blank);
    const size = pointSize(voxelSize, FOV);
    this.painted.points.material.size = size;
    this.blank.points.material.size = size * BLANK_SCALE;
    // A ray within half a voxel of a centre lands on that voxel.
    this.canvas.raycaster.params.Points.threshold = voxelSize / 2;
    if (centres !== this.centres) {
      this.centres = centres;
      this.box = new Box3().setFromArray(centres).expandByScalar(voxelSize / 2);
      this.applyView();
    }
    this.canvas.requestRender();
  }

  setView(view: ViewPreset): void {
    this.view = view;
    this.applyView();
  }

  /** Back to the current view's preset camera. */
  resetCamera(): void {
    this.applyView();
  }

  /** The current frame as a PNG (transparent background). */
  screenshotPNG(): Promise<Blob> {
    return this.canvas.screenshotPNG();
  }

  dispose(): void {
    for (const { points } of [this.painted, this.blank]) {
      points.geometry.dispose();
      points.material.dispose();
    }
    this.canvas.dispose();
  }

  /** Gives `cloud` a new geometry with the centres of `voxels` and, for the painted cloud, their sRGB colours. */
  private fill(cloud: Cloud, centres: Float32Array, voxels: Int32Array, colors?: Uint8Array): void {
    const geometry = new BufferGeometry();
    const positions = new Float32Array(voxels.length * 3);
    voxels.forEach((v, i) => positions.set(centres.subarray(3 * v, 3 * v + 3), 3 * i));
    geometry.setAttribute('position', new BufferAttribute(positions, 3));
    if (colors) {
      // Vertex colours are linear to three.js; the overlay's are sRGB like the surface's lookup tables.
      const linear = new Float32Array(colors.length);
      const color = new Color();
      for (let i = 0; i < colors.length; i += 3) {
        color.setRGB(colors[i] / 255, colors[i + 1] / 255, colors[i + 2] / 255, SRGBColorSpace);
        color.toArray(linear, i);
      }
      geometry.setAttribute('color', new BufferAttribute(linear, 3));
    }
    cloud.points.geometry.dispose();
    cloud.points.geometry = geometry;
    cloud.voxels = voxels;
  }

  /** Moves the camera to the current view's preset around the voxels. */
  private applyView(): void {
    if (this.box.isEmpty()) return;
    const pose = cameraPose(this.view, this.box, FOV, this.canvas.camera.aspect);
    this.canvas.fit(pose, this.box.getBoundingSphere(new Sphere()).radius);
  }

  /** Reports the nearest voxel to the camera under the click, painted or blank. */
  private pick(raycaster: Raycaster): void {
    if (!this.onPick) return;
    const [hit] = raycaster.intersectObjects([this.painted.points, this.blank.points], false);
    if (hit?.index === undefined) return;
    const cloud = hit.object === this.painted.points ? this.painted : this.blank;
    this.onPick(cloud.voxels[hit.index]);
  }
}
