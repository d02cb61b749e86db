import { Box3, PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { CAMERA_UP, cameraPose, viewDirection } from './camera';
import { VIEW_PRESETS, type ViewPreset } from './types';

/** A brain-sized box: 140 mm wide, 170 long, 120 tall, off-centre. */
const box = new Box3(new Vector3(-70, -100, -40), new Vector3(70, 70, 80));

function cameraFor(view: ViewPreset, aspect: number): PerspectiveCamera {
  const camera = new PerspectiveCamera(30, aspect, 1, 5000);
  const pose = cameraPose(view, box, 30, aspect);
  camera.up.copy(CAMERA_UP);
  camera.position.copy(pose.position);
  camera.lookAt(pose.target);
  camera.updateMatrixWorld();
  return camera;
}

/** Where a world point lands on screen, normalised device coordinates. */
const project = (camera: PerspectiveCamera, x: number, y: number, z: number) =>
  new Vector3(x, y, z).project(camera);

describe('viewDirection', () => {
  it('looks at lateral from −x (the left hemisphere) and medial from +x', () => {
    expect(viewDirection('lateral').x).toBe(-1);
    expect(viewDirection('medial').x).toBe(1);
  });

  it('looks at anterior from the front, posterior from behind, dorsal from above, ventral from below', () => {
    expect(viewDirection('anterior').y).toBe(1);
    expect(viewDirection('posterior').y).toBe(-1);
    expect(viewDirection('dorsal').z).toBeCloseTo(1, 5);
    expect(viewDirection('ventral').z).toBeCloseTo(-1, 5);
  });

  it('returns unit vectors', () => {
    for (const view of VIEW_PRESETS) expect(viewDirection(view).length()).toBeCloseTo(1, 10);
  });
});

describe('cameraPose', () => {
  it('aims at the box centre from the view side', () => {
    const pose = cameraPose('lateral', box, 30, 1);
    expect(pose.target.toArray()).toEqual([0, -15, 20]);
    expect(pose.position.x).toBeLessThan(box.min.x);
    expect(pose.position.y).toBeCloseTo(-15, 6);
  });

  it('fits the whole box on screen, filling it along the limiting axis', () => {
    for (const view of VIEW_PRESETS) {
      for (const aspect of [0.5, 1, 2.5]) {
        const camera = cameraFor(view, aspect);
        let extent = 0;
        for (let i = 0; i < 8; i++) {
          const p = project(
            camera,
            i & 1 ? box.max.x : box.min.x,
            i & 2 ? box.max.y : box.min.y,
            i & 4 ? box.max.z : box.min.z,
          );
          expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
          expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
          extent = Math.max(extent, Math.abs(p.x), Math.abs(p.y));
        }
        expect(extent).toBeGreaterThan(0.7);
      }
    }
  });

  it('keeps superior up in side views', () => {
    for (const view of ['lateral', 'medial', 'anterior', 'posterior'] as const) {
      const camera = cameraFor(view, 1);
      expect(project(camera, 0, -15, 80).y).toBeGreaterThan(project(camera, 0, -15, -40).y);
    }
  });

  it('puts anterior at the top and left on the viewer-correct side in dorsal and ventral views', () => {
    const dorsal = cameraFor('dorsal', 1);
    expect(project(dorsal, 0, 70, 20).y).toBeGreaterThan(project(dorsal, 0, -100, 20).y);
    // From above, the right hemisphere is on the right; from below, on the left.
    expect(project(dorsal, 60, -15, 20).x).toBeGreaterThan(project(dorsal, -60, -15, 20).x);
    const ventral = cameraFor('ventral', 1);
    expect(project(ventral, 0, 70, 20).y).toBeGreaterThan(project(ventral, 0, -100, 20).y);
    expect(project(ventral, 60, -15, 20).x).toBeLessThan(project(ventral, -60, -15, 20).x);
  });

  it('shows anterior on the left in the left lateral view', () => {
    const camera = cameraFor('lateral', 1);
    expect(project(camera, 0, 70, 20).x).toBeLessThan(project(camera, 0, -100, 20).x);
  });
});
