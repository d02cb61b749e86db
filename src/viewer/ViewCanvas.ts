/**
 * What the surface and voxel scenes share: a WebGL canvas filling its container, a perspective
 * camera with orbit controls, resizing with the container, rendering on demand (any number of
 * requests coalesce into one animation frame), telling clicks from drags, screenshots and freeing
 * the GPU context on dispose. Each scene keeps its own content, framing and picking.
 */

import { PerspectiveCamera, Raycaster, Scene, Vector2, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { CAMERA_UP, type CameraPose } from './camera';

/** Vertical field of view, degrees: narrow enough to look nearly orthographic, like figure views. */
export const FOV = 30;
/** A press that moves further than this (CSS px) before release is a drag, not a click. */
const CLICK_SLOP_PX = 5;

export interface ViewCanvasEvents {
  /** Draws a scheduled frame, `now` its timestamp; without it the scene is simply rendered. */
  onFrame?: (now: number) => void;
  /** The view was resized while the camera still sat at its last `fit`: frame it anew. */
  onRefit?: () => void;
  /** A click (not a drag) with the primary button; `raycaster` is set to the ray under it. */
  onClick?: (raycaster: Raycaster) => void;
}

export class ViewCanvas {
  readonly renderer: WebGLRenderer;
  readonly scene = new Scene();
  readonly camera = new PerspectiveCamera(FOV, 1, 0.1, 1000);
  readonly controls: OrbitControls;
  readonly raycaster = new Raycaster();
  private readonly container: HTMLElement;
  private readonly events: ViewCanvasEvents;
  private readonly resizeObserver: ResizeObserver;
  private readonly pointer = new Vector2();
  /** The last fitted pose; while the camera still sits there, resizes re-frame it. */
  private fitted?: CameraPose;
  private frame = 0;
  private press?: { id: number; x: number; y: number };

  constructor(container: HTMLElement, events: ViewCanvasEvents = {}) {
    this.container = container;
    this.events = events;
    // preserveDrawingBuffer keeps the last frame readable for screenshots.
    this.renderer = new WebGLRenderer({ antialias: true, alpha: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
    this.renderer.setClearColor(0x000000, 0);
    const canvas = this.renderer.domElement;
    canvas.style.display = 'block';
    canvas.style.width = '100%';
    canvas.style.height = '100%';
    container.appendChild(canvas);

    this.camera.up.copy(CAMERA_UP);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', this.requestRender);
    canvas.addEventListener('pointerdown', this.handlePointerDown);
    canvas.addEventListener('pointerup', this.handlePointerUp);

    this.resizeObserver = new ResizeObserver(this.resize);
    this.resizeObserver.observe(container);
    this.resize();
  }

  /** The canvas drawn into. */
  get element(): HTMLCanvasElement {
    return this.renderer.domElement;
  }

  /** Draws the scene now. */
  render(): void {
    this.renderer.render(this.scene, this.camera);
  }

  /** Coalesces any number of requests into one frame on the next animation frame. */
  readonly requestRender = (): void => {
    if (this.frame === 0) this.frame = requestAnimationFrame(this.onAnimationFrame);
  };

  /** Zoom limits and clipping planes for a scene of `radius` seen from `distance`. */
  setCameraRange(radius: number, distance: number): void {
    this.controls.minDistance = radius * 0.3;
    this.controls.maxDistance = Math.max(radius * 12, distance * 3);
    this.camera.near = radius * 0.01;
    this.camera.far = this.controls.maxDistance + radius * 2;
    this.camera.updateProjectionMatrix();
  }

  /** Moves the camera to `pose` around a scene of `radius`, remembering it for resizes. */
  fit(pose: CameraPose, radius: number): void {
    this.setCameraRange(radius, pose.position.distanceTo(pose.target));
    this.camera.position.copy(pose.position);
    this.controls.target.copy(pose.target);
    this.controls.update();
    this.fitted = { position: this.camera.position.clone(), target: this.controls.target.clone() };
    this.requestRender();
  }

  /** The current frame as a PNG (transparent background). */
  screenshotPNG(): Promise<Blob> {
    this.render();
    return canvasPNG(this.element);
  }

  /** Frees the controls, the renderer and its context, and takes the canvas out of the page. */
  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    const canvas = this.renderer.domElement;
    canvas.removeEventListener('pointerdown', this.handlePointerDown);
    canvas.removeEventListener('pointerup', this.handlePointerUp);
    this.controls.removeEventListener('change', this.requestRender);
    this.controls.dispose();
    this.renderer.dispose();
    // Browsers cap live WebGL contexts; give this one back now rather than at garbage collection.
    this.renderer.forceContextLoss();
    canvas.remove();
  }

  private readonly onAnimationFrame = (now: number): void => {
    this.frame = 0;
    if (this.events.onFrame) this.events.onFrame(now);
    else this.render();
  };

  private readonly resize = (): void => {
    const width = this.container.clientWidth;
    const height = this.container.clientHeight;
    if (width === 0 || height === 0) return;
    this.renderer.setSize(width, height, false);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    const untouched =
      this.fitted?.position.equals(this.camera.position) && this.fitted.target.equals(this.controls.target);
    if (untouched) this.events.onRefit?.();
    this.requestRender();
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
    const onClick = this.events.onClick;
    if (!onClick) return;
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((event.clientX - rect.left) / rect.width) * 2 - 1,
      1 - ((event.clientY - rect.top) / rect.height) * 2,
    );
    this.raycaster.setFromCamera(this.pointer, this.camera);
    onClick(this.raycaster);
  };
}

/** `canvas` encoded as a PNG. */
export function canvasPNG(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))),
      'image/png',
    ),
  );
}
