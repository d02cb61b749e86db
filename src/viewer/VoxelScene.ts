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
  PerspectiveCamera,
  Points,
  PointsMaterial,
  Raycaster,
  Scene,
  Sphere,
  SRGBColorSpace,
  Vector2,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CAMERA_UP, cameraPose, type CameraPose } from './camera';
import type { Overlay, ViewPreset } from './types';
import { paintVoxels, pointSize } from './voxels';

/** Vertical field of view, degrees: the surface view's, so both look alike. */
const FOV = 30;
/** A press that moves further than this (CSS px) before release is a drag, not a click. */
const CLICK_SLOP_PX = 5;
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
  private readonly container: HTMLElement;
  private readonly onPick?: (voxel: number) => void;
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(FOV, 1, 0.1, 1000);
  private readonly controls: OrbitControls;
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new Raycaster();
  private readonly pointer = new Vector2();
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
  /** The last preset pose; while the camera still sits there, resizes re-frame it. */
  private fitted?: CameraPose;
  private frame = 0;
  private press?: { id: number; x: number; y: number };

  constructor(container: HTMLElement, onPick?: (voxel: number) => void) {
    this.container = container;
    this.onPick = onPick;
    // preserveDrawingBuffer keeps the last frame readable for screenshots.
    this.renderer = new WebGLRenderer({ antialias: true, alpha: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0x000000, 0);
    const canvas = this.renderer.domElement;
    canvas.style.display = 'block';
    canvas.style.width = '100%';
    canvas.style.height = '100%';
    container.appendChild(canvas);

    this.scene.add(this.painted.points, this.blank.points);
    this.camera.up.copy(CAMERA_UP);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', this.requestRender);
    canvas.addEventListener('pointerdown', this.handlePointerDown);
    canvas.addEventListener('pointerup', this.handlePointerUp);

    this.resizeObserver = new ResizeObserver(this.resize);
    this.resizeObserver.observe(container);
    this.resize();
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
    this.raycaster.params.Points.threshold = voxelSize / 2;
    if (centres !== this.centres) {
      this.centres = centres;
      this.box = new Box3().setFromArray(centres).expandByScalar(voxelSize / 2);
      this.applyView();
    }
    this.requestRender();
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
    this.renderer.render(this.scene, this.camera);
    return new Promise((resolve, reject) =>
      this.renderer.domElement.toBlob(
        (blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))),
        'image/png',
      ),
    );
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.handlePointerDown);
    canvas.removeEventListener('pointerup', this.handlePointerUp);
    this.controls.removeEventListener('change', this.requestRender);
    this.controls.dispose();
    for (const { points } of [this.painted, this.blank]) {
      points.geometry.dispose();
      points.material.dispose();
    }
    this.renderer.dispose();
    // Browsers cap live WebGL contexts; give this one back now rather than at garbage collection.
    this.renderer.forceContextLoss();
    canvas.remove();
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
    const pose = cameraPose(this.view, this.box, FOV, this.camera.aspect);
    const radius = this.box.getBoundingSphere(new Sphere()).radius;
    const distance = pose.position.distanceTo(pose.target);
    this.controls.minDistance = radius * 0.3;
    this.controls.maxDistance = Math.max(radius * 12, distance * 3);
    this.camera.near = radius * 0.01;
    this.camera.far = this.controls.maxDistance + radius * 2;
    this.camera.updateProjectionMatrix();
    this.camera.position.copy(pose.position);
    this.controls.target.copy(pose.target);
    this.controls.update();
    this.fitted = { position: this.camera.position.clone(), target: this.controls.target.clone() };
    this.requestRender();
  }

  private readonly resize = (): void => {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (width === 0 || height === 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    const untouched =
      this.fitted?.position.equals(this.camera.position) && this.fitted.target.equals(this.controls.target);
    if (untouched) this.applyView();
    this.requestRender();
  };

  /** Coalesces any number of requests into one render on the next animation frame. */
  private readonly requestRender = (): void => {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.onFrame);
  };

  private readonly onFrame = (): void => {
    this.frame = 0;
    this.renderer.render(this.scene, this.camera);
  };

  private readonly handlePointerDown = (event: PointerEvent): void => {
    this.press =
      event.isPrimary && event.button === 0
        ? { id: event.pointerId, x: event.clientX, y: event.clientY }
        : undefined;
  };

  private readonly handlePointerUp = (event: PointerEvent): void => {
    const press = this.press;
    this.press = undefined;
    if (!press || press.id !== event.pointerId) return;
    if (Math.hypot(event.clientX - press.x, event.clientY - press.y) > CLICK_SLOP_PX) return;
    this.pick(event.clientX, event.clientY);
  };

  /** Reports the nearest voxel to the camera under the pointer, painted or blank. */
  private pick(clientX: number, clientY: number): void {
    if (!this.onPick) return;
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      1 - ((clientY - rect.top) / rect.height) * 2,
    );
    this.raycaster.setFromCamera(this.pointer, this.camera);
    const [hit] = this.raycaster.intersectObjects([this.painted.points, this.blank.points], false);
    if (hit?.index === undefined) return;
    const cloud = hit.object === this.painted.points ? this.painted : this.blank;
    this.onPick(cloud.voxels[hit.index]);
  }
}
