/**
 * The imperative three.js side of the surface view: renderer, camera, orbit controls, the meshes,
 * the morph animation between surfaces and the region names over the canvas. Renders only when
 * something changed (controls, data, size, an animation frame), picks on click, and frees every
 * GPU resource on dispose.
 */

import { Box3, Matrix4, type Object3D, Quaternion, type Raycaster, Sphere, Vector3 } from 'three';
import type { HemisphereName } from '../core/bundle/types';
import { cameraPose, type CameraPose } from './camera';
import { hemisphereLayout, type HemisphereTransform, type Layout } from './layout';
import { SurfaceMeshes, type RegionLabel } from './meshes';
import { easeInOut, morphDuration } from './morph';
import type { Outlines, Overlay, SurfaceHemisphere, SurfacePick, ViewPreset } from './types';
import { canvasPNG, FOV, ViewCanvas } from './ViewCanvas';

/** Region names: light text with a dark halo reads on any colour. */
const LABEL_FONT = '600 11px system-ui, sans-serif';

export interface SurfaceData {
  hemispheres: readonly SurfaceHemisphere[];
  /** The surface to show (every hemisphere must have it); a change morphs to it. */
  surface: string;
  overlay?: Overlay;
  outlines?: Outlines;
}

export interface SurfaceSceneEvents {
  onPick?: (pick: SurfacePick) => void;
  /** A surface is fully shown: at the end of a morph, or at once when there was nothing to morph from. */
  onSurfaceShown?: (surface: string) => void;
}

/** What the view looks at for a surface: where each hemisphere goes and where the camera sits. */
interface Framing {
  layout: Layout;
  pose: CameraPose;
  radius: number;
}

interface Animation {
  start: number;
  duration: number;
  from: number;
  to: number;
  framing: Framing;
  /** Each hemisphere's object, where it starts and where it ends. */
  moves: { object: Object3D; position: Vector3; rotationZ: number; to: HemisphereTransform }[];
  targetFrom: Vector3;
  /** Camera offset from its target, as a unit direction turned by `turn` and a length. */
  direction: Vector3;
  turn: Quaternion;
  distanceFrom: number;
  distanceTo: number;
}

export class SurfaceScene {
  private readonly events: SurfaceSceneEvents;
  private readonly canvas: ViewCanvas;
  private readonly meshes = new SurfaceMeshes();
  private readonly labelLayer: HTMLDivElement;
  private labelElements: HTMLSpanElement[] = [];
  private labelsShown: readonly RegionLabel[] = [];
  /** Per label: CSS x, y and 1 if visible, as last placed. */
  private labelPlaces = new Float32Array(0);
  // Scratch objects for per-frame work, so animating and placing labels allocate nothing.
  private readonly scratchPosition = new Vector3();
  private readonly scratchNormal = new Vector3();
  private readonly scratchTurn = new Quaternion();
  private view: ViewPreset = 'lateral';
  /** Bounding radius of the scene as last framed. */
  private radius = 0;
  private animation?: Animation;

  constructor(container: HTMLElement, events: SurfaceSceneEvents = {}) {
    this.events = events;
    this.canvas = new ViewCanvas(container, {
      onFrame: this.onFrame,
      onRefit: () => this.applyView(),
      onClick: (raycaster) => this.pick(raycaster),
    });
    this.labelLayer = document.createElement('div');
    Object.assign(this.labelLayer.style, { position: 'absolute', inset: '0', pointerEvents: 'none' });
    container.appendChild(this.labelLayer);
    this.canvas.scene.add(this.meshes.group);
  }

  /**
   * Shows `data`. Meshes are rebuilt only for hemispheres whose surfaces or sulc changed, values
   * re-uploaded only when the values array changed, outlines rebuilt only for new outlines; a new
   * surface loads once and morphs; everything else is uniforms.
   */
  setData({ hemispheres, surface, overlay, outlines }: SurfaceData): void {
    if (this.meshes.setHemispheres(hemispheres)) this.animation = undefined;
    this.meshes.setOverlay(overlay);
    this.meshes.setOutlines(outlines);
    if (hemispheres.length > 0 && surface !== this.meshes.surface) this.show(surface);
    this.canvas.requestRender();
  }

  setView(view: ViewPreset): void {
    this.view = view;
    this.finishAnimation();
    this.applyView();
  }

  /** Back to the current view's preset camera. */
  resetCamera(): void {
    this.finishAnimation();
    this.applyView();
  }

  /** Draws the current state now (normally frames are drawn on the next animation frame). */
  render(): void {
    this.canvas.render();
    this.placeLabels();
  }

  /** The current frame as a PNG, region names included. */
  screenshotPNG(): Promise<Blob> {
    this.render();
    const source = this.canvas.element;
    const canvas = document.createElement('canvas');
    canvas.width = source.width;
    canvas.height = source.height;
    const context = canvas.getContext('2d')!;
    context.drawImage(source, 0, 0);
    const scale = source.width / Math.max(1, source.clientWidth);
    context.scale(scale, scale);
    context.font = LABEL_FONT;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.lineWidth = 3;
    context.strokeStyle = 'rgba(0, 0, 0, 0.8)';
    context.fillStyle = '#fff';
    this.labelsShown.forEach((label, i) => {
      const [x, y, visible] = this.labelPlaces.subarray(3 * i, 3 * i + 3);
      if (!visible) return;
      context.strokeText(label.name, x, y);
      context.fillText(label.name, x, y);
    });
    return canvasPNG(canvas);
  }

  /** Where `vertex` of `hemisphere` is drawn now, in CSS px from the canvas's top left; undefined off screen. */
  vertexScreenPosition(hemisphere: HemisphereName, vertex: number): { x: number; y: number } | undefined {
    const p = this.scratchPosition;
    if (!this.meshes.vertexPlace(hemisphere, vertex, p)) return undefined;
    p.project(this.canvas.camera);
    if (Math.abs(p.x) > 1 || Math.abs(p.y) > 1 || Math.abs(p.z) > 1) return undefined;
    const canvas = this.canvas.element;
    return { x: ((p.x + 1) / 2) * canvas.clientWidth, y: ((1 - p.y) / 2) * canvas.clientHeight };
  }

  dispose(): void {
    this.meshes.dispose();
    this.canvas.dispose();
    this.labelLayer.remove();
  }

  /** Starts the morph to `surface`, or shows it at once when there is nothing to morph from. */
  private show(surface: string): void {
    const plan = this.meshes.showSurface(surface);
    const duration = morphDuration(plan);
    if (duration === 0) {
      this.animation = undefined;
      this.meshes.settle();
      this.applyView();
      this.events.onSurfaceShown?.(surface);
      return;
    }
    const framing = this.framing(surface);
    const moves: Animation['moves'] = [];
    for (const name of ['lh', 'rh'] as const) {
      const object = this.meshes.hemisphereObject(name);
      const to = framing.layout[name];
      if (object && to)
        moves.push({ object, position: object.position.clone(), rotationZ: object.rotation.z, to });
    }
    const { camera, controls } = this.canvas;
    const offsetFrom = camera.position.clone().sub(controls.target);
    const offsetTo = framing.pose.position.clone().sub(framing.pose.target);
    const direction = offsetFrom.clone().normalize();
    this.animation = {
      start: performance.now(),
      duration,
      from: plan.from,
      to: plan.to,
      framing,
      moves,
      targetFrom: controls.target.clone(),
      direction,
      turn: new Quaternion().setFromUnitVectors(direction, offsetTo.clone().normalize()),
      distanceFrom: offsetFrom.length(),
      distanceTo: offsetTo.length(),
    };
    // Room for the camera along the whole way.
    this.canvas.setCameraRange(
      Math.max(framing.radius, this.radius),
      Math.max(offsetFrom.length(), offsetTo.length()),
    );
    this.canvas.requestRender();
  }

  /** Moves the morph, the hemispheres and the camera along the animation; allocates nothing. */
  private advance(now: number): void {
    const a = this.animation!;
    const progress = Math.min(1, (now - a.start) / a.duration);
    if (progress >= 1) {
      this.finishAnimation();
      return;
    }
    const p = easeInOut(progress);
    this.meshes.morph = a.from + (a.to - a.from) * p;
    for (let i = 0; i < a.moves.length; i++) {
      const { object, position, rotationZ, to } = a.moves[i];
      object.position.lerpVectors(position, to.position, p);
      object.rotation.z = rotationZ + (to.rotationZ - rotationZ) * p;
      object.updateMatrixWorld();
    }
    const { camera, controls } = this.canvas;
    controls.target.lerpVectors(a.targetFrom, a.framing.pose.target, p);
    this.scratchTurn.identity().slerp(a.turn, p);
    this.scratchPosition.copy(a.direction).applyQuaternion(this.scratchTurn);
    camera.position
      .copy(controls.target)
      .addScaledVector(this.scratchPosition, a.distanceFrom + (a.distanceTo - a.distanceFrom) * p);
    camera.lookAt(controls.target);
  }

  /** Jumps a running animation to its end. */
  private finishAnimation(): void {
    const a = this.animation;
    if (!a) return;
    this.animation = undefined;
    this.meshes.settle();
    // Framed anew rather than at a.framing: the view may have been resized meanwhile.
    this.applyView();
    this.events.onSurfaceShown?.(this.meshes.surface!);
  }

  /** Where hemispheres and camera go for the current view on `surface`; a flat map is seen from above. */
  private framing(surface: string): Framing {
    const view = this.meshes.isFlat(surface) ? 'dorsal' : this.view;
    const boxes = this.meshes.boxes(surface);
    const layout = hemisphereLayout(view, boxes);
    const sceneBox = new Box3();
    const matrix = new Matrix4();
    for (const name of ['lh', 'rh'] as const) {
      const box = boxes[name];
      const transform = layout[name];
      if (!box || !transform) continue;
      matrix.makeRotationZ(transform.rotationZ).setPosition(transform.position);
      sceneBox.union(box.clone().applyMatrix4(matrix));
    }
    const pose = cameraPose(view, sceneBox, FOV, this.canvas.camera.aspect);
    return { layout, pose, radius: sceneBox.getBoundingSphere(new Sphere()).radius };
  }

  /** Places the hemispheres for the view and moves the camera to its preset. */
  private applyView(): void {
    const surface = this.meshes.surface;
    if (surface !== undefined) this.applyFraming(this.framing(surface));
  }

  private applyFraming({ layout, pose, radius }: Framing): void {
    this.radius = radius;
    for (const name of ['lh', 'rh'] as const) {
      const object = this.meshes.hemisphereObject(name);
      const transform = layout[name];
      if (!object || !transform) continue;
      object.position.copy(transform.position);
      object.rotation.set(0, 0, transform.rotationZ);
      object.updateMatrixWorld();
    }
    this.canvas.fit(pose, radius);
  }

  /** Moves the region names to their anchors; a name whose surface faces away is hidden. */
  private placeLabels(): void {
    const labels = this.meshes.labels;
    if (labels !== this.labelsShown) {
      for (const element of this.labelElements) element.remove();
      this.labelElements = labels.map((label) => {
        const element = document.createElement('span');
        element.textContent = label.name;
        Object.assign(element.style, {
          position: 'absolute',
          left: '0',
          top: '0',
          font: LABEL_FONT,
          color: '#fff',
          textShadow: '0 0 3px #000, 0 0 1px #000',
          whiteSpace: 'nowrap',
        });
        this.labelLayer.appendChild(element);
        return element;
      });
      this.labelsShown = labels;
      this.labelPlaces = new Float32Array(3 * labels.length);
    }
    const { element: canvas, camera } = this.canvas;
    const position = this.scratchPosition;
    const normal = this.scratchNormal;
    for (let i = 0; i < labels.length; i++) {
      const { hemisphere, vertex } = labels[i];
      this.meshes.vertexPlace(hemisphere, vertex, position);
      this.meshes.regionNormal(labels[i], normal);
      const eye = camera.position;
      const facing =
        normal.x * (eye.x - position.x) + normal.y * (eye.y - position.y) + normal.z * (eye.z - position.z) >
        0;
      position.project(camera);
      const visible = facing && Math.abs(position.x) <= 1 && Math.abs(position.y) <= 1;
      const x = ((position.x + 1) / 2) * canvas.clientWidth;
      const y = ((1 - position.y) / 2) * canvas.clientHeight;
      const places = this.labelPlaces;
      if (
        places[3 * i] === Math.fround(x) &&
        places[3 * i + 1] === Math.fround(y) &&
        places[3 * i + 2] === +visible
      )
        continue;
      places[3 * i] = x;
      places[3 * i + 1] = y;
      places[3 * i + 2] = +visible;
      const style = this.labelElements[i].style;
      style.visibility = visible ? 'visible' : 'hidden';
      style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) translate(-50%, -50%)`;
    }
  }

  /** Draws a scheduled frame, moving a running animation along first and asking for the next. */
  private readonly onFrame = (now: number): void => {
    if (this.animation) this.advance(now);
    this.render();
    if (this.animation) this.canvas.requestRender();
  };

  private pick(raycaster: Raycaster): void {
    const onPick = this.events.onPick;
    if (!onPick) return;
    const hit = this.meshes.pick(raycaster.ray);
    if (hit) onPick(hit);
  }
}
