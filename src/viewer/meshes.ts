/**
 * The three.js objects of the surface view, without a renderer: one mesh (and outline lines) per
 * hemisphere, sharing the materials, and the morph state. This is where data reaches the GPU
 * buffers, so it decides what is re-uploaded: values only when the overlay's array changes,
 * positions only when a surface enters a morph slot, faces only when the drawn set changes; the
 * colour scale and the morph itself are uniforms.
 */

import {
  Group,
  LineSegments,
  Matrix4,
  Mesh,
  Ray,
  Vector3,
  type BufferAttribute,
  type BufferGeometry,
  type ShaderMaterial,
} from 'three';
import type { HemisphereName, SurfaceMesh } from '../core/bundle/types';
import {
  buildHemisphereGeometry,
  buildOutlineGeometry,
  drawFaces,
  fillOverlayValues,
  loadSurface,
  overlayLength,
  overlayOffset,
  placeOutline,
  slotNormals,
  slotPositions,
  VALUE_ATTRIBUTE,
} from './geometry';
import type { HemisphereBoxes } from './layout';
import { SurfaceShading } from './material';
import { planMorph, type MorphPlan, type MorphSlots } from './morph';
import { outlineSegments, regionAnchors, regionMeans, type OutlineSegments } from './outlines';
import { pickVertex } from './picking';
import { commonFaces, surfaceInfo } from './surfaces';
import type { Outlines, Overlay, SurfaceHemisphere, SurfacePick } from './types';

interface HemisphereEntry {
  source: SurfaceHemisphere;
  mesh: Mesh<BufferGeometry, ShaderMaterial>;
  /** The face list now in the index buffer. */
  faces?: Uint32Array;
  outline?: {
    segments: OutlineSegments;
    lines: LineSegments<BufferGeometry, ShaderMaterial>;
  };
}

/** A region name, the vertex it is written at, and which way the region faces. */
export interface RegionLabel {
  hemisphere: HemisphereName;
  name: string;
  vertex: number;
  /**
   * The region's mean normal on the surfaces in slot 0 and slot 1 (xyz, xyz): a name shows while its
   * region faces the camera, which a single vertex in a sulcus would not tell.
   */
  normals: Float32Array;
}

export class SurfaceMeshes {
  readonly group = new Group();
  readonly shading = new SurfaceShading();
  private readonly entries = new Map<HemisphereName, HemisphereEntry>();
  private hemispheres: readonly SurfaceHemisphere[] = [];
  private slots: MorphSlots = [undefined, undefined];
  /** The surface shown once the current morph ends. */
  private target?: string;
  /** The overlay values now in the value attributes, to skip re-uploading the same array. */
  private uploadedValues?: Overlay['values'];
  private outlines?: Outlines;
  private regionLabels: RegionLabel[] = [];
  private readonly localRay = new Ray();
  private readonly inverse = new Matrix4();

  get morph(): number {
    return this.shading.uniforms.morph.value;
  }

  set morph(value: number) {
    this.shading.uniforms.morph.value = value;
  }

  /** The surface shown, or being morphed to. */
  get surface(): string | undefined {
    return this.target;
  }

  get labels(): readonly RegionLabel[] {
    return this.regionLabels;
  }

  /**
   * Adds, replaces and removes meshes to match `hemispheres`; true if any changed, in which case
   * nothing is shown until `showSurface` loads a surface again.
   */
  setHemispheres(hemispheres: readonly SurfaceHemisphere[]): boolean {
    const names = hemispheres.map((h) => h.name);
    if (new Set(names).size !== names.length)
      throw new Error(`a hemisphere is given twice: ${names.join(', ')}`);
    let changed = false;
    for (const [name, entry] of [...this.entries]) {
      const next = hemispheres.find((h) => h.name === name);
      if (next && next.surfaces === entry.source.surfaces && next.sulc === entry.source.sulc) {
        entry.source = next;
        continue;
      }
      this.removeEntry(name, entry);
      changed = true;
    }
    for (const h of hemispheres) {
      if (this.entries.has(h.name)) continue;
      const mesh = new Mesh(buildHemisphereGeometry(h), this.shading.material);
      // The vertex shader moves vertices away from the bounds three would cull by.
      mesh.frustumCulled = false;
      this.group.add(mesh);
      this.entries.set(h.name, { source: h, mesh });
      changed = true;
    }
    this.hemispheres = hemispheres;
    if (changed) {
      this.slots = [undefined, undefined];
      this.target = undefined;
      this.morph = 0;
      // New geometry starts with zeroed values.
      this.uploadedValues = undefined;
      for (const entry of this.entries.values()) {
        entry.faces = undefined;
        this.removeOutline(entry);
      }
    }
    return changed;
  }

  /** Points the shading at `overlay`, uploading its values if the array is new. */
  setOverlay(overlay: Overlay | undefined): void {
    if (overlay) {
      const expected = overlayLength(this.hemispheres);
      if (overlay.values.length !== expected) {
        throw new Error(
          `overlay has ${overlay.values.length} values, the shown surfaces ${expected} vertices`,
        );
      }
      if (overlay.values !== this.uploadedValues) {
        for (const [name, entry] of this.entries) {
          const attribute = entry.mesh.geometry.getAttribute(VALUE_ATTRIBUTE) as BufferAttribute;
          fillOverlayValues(
            attribute.array as Float32Array,
            overlay.values,
            overlayOffset(this.hemispheres, name),
          );
          attribute.needsUpdate = true;
        }
        this.uploadedValues = overlay.values;
      }
    }
    this.shading.setOverlay(overlay);
  }

  setOutlines(outlines: Outlines | undefined): void {
    if (outlines === this.outlines) return;
    if (outlines) {
      const expected = overlayLength(this.hemispheres);
      if (outlines.labels.length !== expected) {
        throw new Error(
          `outlines have ${outlines.labels.length} labels, the shown surfaces ${expected} vertices`,
        );
      }
    }
    this.outlines = outlines;
    for (const entry of this.entries.values()) this.removeOutline(entry);
    this.buildOutlines();
  }

  /**
   * Starts showing `surface`: loads it into a slot if it is in neither, draws the faces that both
   * slots' surfaces have, and returns where the morph value goes (already set to `from`).
   */
  showSurface(surface: string): MorphPlan {
    for (const h of this.hemispheres) {
      if (!(surface in h.surfaces)) {
        throw new Error(
          `${h.name} has no surface "${surface}" (it has ${Object.keys(h.surfaces).join(', ')})`,
        );
      }
    }
    const plan = planMorph(this.slots, this.morph, surface);
    if (plan.load !== undefined) {
      const slots: [string | undefined, string | undefined] = [...this.slots];
      slots[plan.load] = surface;
      this.slots = slots;
      for (const entry of this.entries.values()) {
        loadSurface(entry.mesh.geometry, plan.load, entry.source.surfaces[surface]);
        if (entry.outline)
          placeOutline(
            entry.outline.lines.geometry,
            plan.load,
            entry.outline.segments,
            entry.source.surfaces[surface],
          );
      }
    }
    this.target = surface;
    this.morph = plan.from;
    this.updateFaces(plan.from === plan.to);
    return plan;
  }

  /** Ends a morph at the target surface: its own faces (a flat map's patch) are drawn from now on. */
  settle(): void {
    const slot = this.slots.indexOf(this.target);
    if (slot < 0) return;
    this.morph = slot;
    this.updateFaces(true);
  }

  /** Bounds of each hemisphere on `surface`, in its own coordinates. */
  boxes(surface: string): HemisphereBoxes {
    const boxes: HemisphereBoxes = {};
    for (const h of this.hemispheres) boxes[h.name] = surfaceInfo(h.surfaces[surface]).box;
    return boxes;
  }

  /** Whether `surface` is a flat map in every hemisphere. */
  isFlat(surface: string): boolean {
    return (
      this.hemispheres.length > 0 && this.hemispheres.every((h) => surfaceInfo(h.surfaces[surface]).flat)
    );
  }

  hemisphereObject(name: HemisphereName): Mesh | undefined {
    return this.entries.get(name)?.mesh;
  }

  /** The nearest vertex under a world-space ray, on the surface as drawn now. */
  pick(ray: Ray): SurfacePick | undefined {
    let best: SurfacePick | undefined;
    let bestDistance = Infinity;
    for (const [hemisphere, entry] of this.entries) {
      const { mesh } = entry;
      const geometry = mesh.geometry;
      this.inverse.copy(mesh.matrixWorld).invert();
      this.localRay.copy(ray).applyMatrix4(this.inverse);
      const hit = pickVertex(
        this.localRay.origin,
        this.localRay.direction,
        slotPositions(geometry, 0),
        slotPositions(geometry, 1),
        this.morph,
        geometry.getIndex()!.array as Uint32Array,
        geometry.drawRange.count,
      );
      // Layout transforms are rigid, so local distances are world distances.
      if (hit && hit.distance < bestDistance) {
        bestDistance = hit.distance;
        best = { hemisphere, vertex: hit.vertex };
      }
    }
    return best;
  }

  /** Where `vertex` is drawn now, in world coordinates. */
  vertexPlace(hemisphere: HemisphereName, vertex: number, position: Vector3): boolean {
    const mesh = this.entries.get(hemisphere)?.mesh;
    if (!mesh) return false;
    const a = slotPositions(mesh.geometry, 0);
    const b = slotPositions(mesh.geometry, 1);
    const t = this.morph;
    position
      .set(
        a[3 * vertex] + t * (b[3 * vertex] - a[3 * vertex]),
        a[3 * vertex + 1] + t * (b[3 * vertex + 1] - a[3 * vertex + 1]),
        a[3 * vertex + 2] + t * (b[3 * vertex + 2] - a[3 * vertex + 2]),
      )
      .applyMatrix4(mesh.matrixWorld);
    return true;
  }

  /** Which way `label`'s region faces now: a world-space unit vector (zero when unknown). */
  regionNormal(label: RegionLabel, normal: Vector3): void {
    const n = label.normals;
    const t = this.morph;
    normal.set(n[0] + t * (n[3] - n[0]), n[1] + t * (n[4] - n[1]), n[2] + t * (n[5] - n[2]));
    const mesh = this.entries.get(label.hemisphere)?.mesh;
    if (mesh) normal.transformDirection(mesh.matrixWorld);
  }

  dispose(): void {
    for (const [name, entry] of [...this.entries]) this.removeEntry(name, entry);
    this.shading.dispose();
  }

  /**
   * Draws the target surface's faces when settled; mid-morph, only the faces both surfaces have
   * (a flat map's cuts would otherwise stretch across the blend). Outlines and region labels follow.
   */
  private updateFaces(settled: boolean): void {
    const target = this.target;
    if (target === undefined) return;
    const other = this.slots[this.slots[0] === target ? 1 : 0];
    let changed = false;
    for (const entry of this.entries.values()) {
      const surfaces = entry.source.surfaces;
      const faces =
        settled || other === undefined
          ? surfaces[target].faces
          : commonFaces(surfaces[target].faces, surfaces[other].faces);
      if (faces === entry.faces) continue;
      drawFaces(entry.mesh.geometry, faces);
      entry.faces = faces;
      this.removeOutline(entry);
      changed = true;
    }
    if (changed) this.buildOutlines();
    else this.placeLabels();
  }

  /** Outline lines for every hemisphere that has none, over the faces drawn now. */
  private buildOutlines(): void {
    const outlines = this.outlines;
    for (const [name, entry] of this.entries) {
      if (!outlines || entry.outline || !entry.faces) continue;
      const segments = outlineSegments(entry.faces, outlines.labels, overlayOffset(this.hemispheres, name));
      const surfaces = this.slots.map((s) => (s === undefined ? undefined : entry.source.surfaces[s])) as [
        SurfaceMesh | undefined,
        SurfaceMesh | undefined,
      ];
      const lines = new LineSegments(buildOutlineGeometry(segments, surfaces), this.shading.outlineMaterial);
      lines.frustumCulled = false;
      entry.mesh.add(lines);
      entry.outline = { segments, lines };
    }
    this.placeLabels();
  }

  /** Region names at each region's centre on the target surface. */
  private placeLabels(): void {
    const names = this.outlines?.labelNames;
    this.regionLabels = [];
    if (!names || this.target === undefined) return;
    for (const [hemisphere, entry] of this.entries) {
      if (!entry.faces) continue;
      const labels = this.outlines!.labels;
      const offset = overlayOffset(this.hemispheres, hemisphere);
      const positions = entry.source.surfaces[this.target].positions;
      const anchors = regionAnchors(entry.faces, labels, offset, positions, names.length);
      const [normals0, normals1] = ([0, 1] as const).map((slot) =>
        regionMeans(entry.faces!, labels, offset, slotNormals(entry.mesh.geometry, slot), names.length),
      );
      anchors.forEach((vertex, i) => {
        if (vertex < 0) return;
        const normals = Float32Array.from([
          ...normals0.subarray(3 * i, 3 * i + 3),
          ...normals1.subarray(3 * i, 3 * i + 3),
        ]);
        this.regionLabels.push({ hemisphere, name: names[i], vertex, normals });
      });
    }
  }

  private removeOutline(entry: HemisphereEntry): void {
    if (!entry.outline) return;
    entry.mesh.remove(entry.outline.lines);
    entry.outline.lines.geometry.dispose();
    entry.outline = undefined;
  }

  private removeEntry(name: HemisphereName, entry: HemisphereEntry): void {
    this.removeOutline(entry);
    this.group.remove(entry.mesh);
    entry.mesh.geometry.dispose();
    this.entries.delete(name);
  }
}
