/**
 * The imperative three.js side of the surface view: renderer, camera, orbit controls, one mesh per
 * hemisphere sharing one material. Renders only when something changed (controls, data, size),
 * picks on click, and frees every GPU resource on dispose.
 */

import {
  Box3,
  Mesh,
  PerspectiveCamera,
  Raycaster,
  Scene,
  Sphere,
  Vector2,
  WebGLRenderer,
  type BufferAttribute,
  type BufferGeometry,
  type ShaderMaterial,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { HemisphereName } from '../core/bundle/types';
import { CAMERA_UP, cameraPose, type CameraPose } from './camera';
import {
  buildHemisphereGeometry,
  fillOverlayValues,
  overlayLength,
  overlayOffset,
  VALUE_ATTRIBUTE,
} from './geometry';
import { hemisphereLayout, type HemisphereBoxes } from './layout';
import { SurfaceShading } from './material';
import { nearestFaceVertex } from './picking';
import type { Overlay, SurfaceHemisphere, SurfacePick, ViewPreset } from './types';

/** Vertical field of view, degrees: narrow enough to look nearly orthographic, like figure views. */
const FOV = 30;
/** A press that moves further than this (CSS px) before release is a drag, not a click. */
const CLICK_SLOP_PX = 5;

interface HemisphereEntry {
  source: SurfaceHemisphere;
  mesh: Mesh<BufferGeometry, ShaderMaterial>;
}

export class SurfaceScene {
  private readonly container: HTMLElement;
  private readonly onPick?: (pick: SurfacePick) => void;
  private readonly renderer: WebGLRenderer;
  private readonly scene = new Scene();
  private readonly camera = new PerspectiveCamera(FOV, 1, 0.1, 1000);
  private readonly controls: OrbitControls;
  private readonly shading = new SurfaceShading();
  private readonly resizeObserver: ResizeObserver;
  private readonly raycaster = new Raycaster();
  private readonly pointer = new Vector2();
  private readonly entries = new Map<HemisphereName, HemisphereEntry>();
  private hemispheres: readonly SurfaceHemisphere[] = [];
  /** The overlay values now in the value attributes, to skip re-uploading the same array. */
  private uploadedValues?: Overlay['values'];
  private view: ViewPreset = 'lateral';
  /** The last preset pose; while the camera still sits there, resizes re-frame it. */
  private fitted?: CameraPose;
  private frame = 0;
  private press?: { id: number; x: number; y: number };

  constructor(container: HTMLElement, onPick?: (pick: SurfacePick) => void) {
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

    this.camera.up.copy(CAMERA_UP);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener('change', this.requestRender);
    canvas.addEventListener('pointerdown', this.handlePointerDown);
    canvas.addEventListener('pointerup', this.handlePointerUp);

    this.resizeObserver = new ResizeObserver(this.resize);
    this.resizeObserver.observe(container);
    this.resize();
  }

  /**
   * Shows `hemispheres` coloured by `overlay`. Meshes are rebuilt only for hemispheres whose mesh or
   * sulc array changed, values re-uploaded only when the values array changed; everything else
   * is uniforms.
   */
  setData(hemispheres: readonly SurfaceHemisphere[], overlay: Overlay | undefined): void {
    const meshesChanged = this.syncMeshes(hemispheres);
    // New geometry starts with zeroed values.
    if (meshesChanged) this.uploadedValues = undefined;
    if (overlay) {
      const expected = overlayLength(hemispheres);
      if (overlay.values.length !== expected) {
        throw new Error(
          `overlay has ${overlay.values.length} values, the shown surfaces ${expected} vertices`,
        );
      }
      if (overlay.values !== this.uploadedValues) this.uploadValues(overlay.values);
    }
    this.shading.setOverlay(overlay);
    if (meshesChanged) this.applyView();
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

  screenshotPNG(): Promise<Blob> {
    this.renderNow();
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
    for (const entry of this.entries.values()) entry.mesh.geometry.dispose();
    this.entries.clear();
    this.shading.dispose();
    this.renderer.dispose();
    // Browsers cap live WebGL contexts; give this one back now rather than at garbage collection.
    this.renderer.forceContextLoss();
    canvas.remove();
  }

  /** Adds, replaces and removes meshes to match `hemispheres`; true if any changed. */
  private syncMeshes(hemispheres: readonly SurfaceHemisphere[]): boolean {
    const names = hemispheres.map((h) => h.name);
    if (new Set(names).size !== names.length)
      throw new Error(`a hemisphere is given twice: ${names.join(', ')}`);
    let changed = false;
    for (const [name, entry] of [...this.entries]) {
      const next = hemispheres.find((h) => h.name === name);
      if (next && next.mesh === entry.source.mesh && next.sulc === entry.source.sulc) {
        entry.source = next;
        continue;
      }
      this.scene.remove(entry.mesh);
      entry.mesh.geometry.dispose();
      this.entries.delete(name);
      changed = true;
    }
    for (const h of hemispheres) {
      if (this.entries.has(h.name)) continue;
      const mesh = new Mesh(buildHemisphereGeometry(h), this.shading.material);
      this.scene.add(mesh);
      this.entries.set(h.name, { source: h, mesh });
      changed = true;
    }
    this.hemispheres = hemispheres;
    return changed;
  }

  private uploadValues(values: Overlay['values']): void {
    for (const [name, entry] of this.entries) {
      const attribute = entry.mesh.geometry.getAttribute(VALUE_ATTRIBUTE) as BufferAttribute;
      fillOverlayValues(attribute.array as Float32Array, values, overlayOffset(this.hemispheres, name));
      attribute.needsUpdate = true;
    }
    this.uploadedValues = values;
  }

  /** Places the hemispheres for the view and moves the camera to its preset. */
  private applyView(): void {
    if (this.entries.size === 0) return;
    const boxes: HemisphereBoxes = {};
    for (const [name, entry] of this.entries) boxes[name] = entry.mesh.geometry.boundingBox ?? undefined;
    const layout = hemisphereLayout(this.view, boxes);
    const sceneBox = new Box3();
    for (const [name, entry] of this.entries) {
      const transform = layout[name];
      if (!transform) continue;
      entry.mesh.position.copy(transform.position);
      entry.mesh.rotation.set(0, 0, transform.rotationZ);
      entry.mesh.updateMatrixWorld();
      sceneBox.expandByObject(entry.mesh);
    }
    const pose = cameraPose(this.view, sceneBox, FOV, this.camera.aspect);
    const radius = sceneBox.getBoundingSphere(new Sphere()).radius;
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
    if (this.frame === 0) this.frame = requestAnimationFrame(this.renderNow);
  };

  private readonly renderNow = (): void => {
    cancelAnimationFrame(this.frame);
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

  private pick(clientX: number, clientY: number): void {
    if (!this.onPick) return;
    const rect = this.renderer.domElement.getBoundingClientRect();
    this.pointer.set(
      ((clientX - rect.left) / rect.width) * 2 - 1,
      1 - ((clientY - rect.top) / rect.height) * 2,
    );
    this.raycaster.setFromCamera(this.pointer, this.camera);
    const meshes = [...this.entries.values()].map((entry) => entry.mesh);
    const hit = this.raycaster.intersectObjects(meshes, false)[0];
    if (!hit?.face) return;
    for (const [hemisphere, entry] of this.entries) {
      if (entry.mesh !== hit.object) continue;
      const local = entry.mesh.worldToLocal(hit.point.clone());
      this.onPick({ hemisphere, vertex: nearestFaceVertex(entry.source.mesh.positions, hit.face, local) });
    }
  }
}
