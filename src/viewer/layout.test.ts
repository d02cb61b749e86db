import { Box3, Matrix4, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { hemisphereLayout, type HemisphereTransform } from './layout';

/** Pial-like boxes: lh at x < 0, rh at x > 0, a few mm apart. */
const lhPial = new Box3(new Vector3(-70, -105, -45), new Vector3(-2, 70, 80));
const rhPial = new Box3(new Vector3(2, -105, -45), new Vector3(70, 70, 80));
/** Inflated-like boxes overlapping around the midline. */
const lhInflated = new Box3(new Vector3(-60, -110, -50), new Vector3(10, 75, 85));
const rhInflated = new Box3(new Vector3(-10, -110, -50), new Vector3(60, 75, 85));

const matrix = (t: HemisphereTransform) => new Matrix4().makeRotationZ(t.rotationZ).setPosition(t.position);
const placed = (box: Box3, t: HemisphereTransform) => box.clone().applyMatrix4(matrix(t));
const moved = (point: Vector3, t: HemisphereTransform) => point.clone().applyMatrix4(matrix(t));

describe('hemisphereLayout', () => {
  it('keeps separate hemispheres where they are in anatomical views', () => {
    for (const view of ['dorsal', 'ventral', 'anterior', 'posterior'] as const) {
      const layout = hemisphereLayout(view, { lh: lhPial, rh: rhPial });
      for (const t of [layout.lh!, layout.rh!]) {
        expect(t.position.lengthSq()).toBe(0);
        expect(t.rotationZ).toBe(0);
      }
    }
  });

  it('pulls overlapping hemispheres apart along x, lh to the left', () => {
    const layout = hemisphereLayout('dorsal', { lh: lhInflated, rh: rhInflated });
    const lh = placed(lhInflated, layout.lh!);
    const rh = placed(rhInflated, layout.rh!);
    expect(lh.max.x).toBeLessThan(rh.min.x);
    expect(lh.max.x + rh.min.x).toBeCloseTo(0, 6);
    expect(lh.min.y).toBe(lhInflated.min.y);
  });

  it('turns both lateral surfaces toward the lateral camera (−x), side by side', () => {
    const layout = hemisphereLayout('lateral', { lh: lhInflated, rh: rhInflated });
    expect(layout.lh!.rotationZ).toBe(0);
    expect(layout.rh!.rotationZ).toBeCloseTo(Math.PI);
    // rh's outermost lateral point and its anterior pole after placement.
    const rhLateral = moved(new Vector3(60, 0, 0), layout.rh!);
    const rhMedial = moved(new Vector3(-10, 0, 0), layout.rh!);
    expect(rhLateral.x).toBeLessThan(rhMedial.x);
    const lh = placed(lhInflated, layout.lh!);
    const rh = placed(rhInflated, layout.rh!);
    // Seen from −x, screen-right is −y: lh on the left (larger y), not overlapping rh.
    expect(lh.min.y).toBeGreaterThan(rh.max.y);
    expect(lh.getCenter(new Vector3()).z).toBeCloseTo(17.5, 6);
  });

  it('turns both medial surfaces toward the medial camera (+x), lh on the left', () => {
    const layout = hemisphereLayout('medial', { lh: lhPial, rh: rhPial });
    const rhMedial = moved(new Vector3(2, 0, 0), layout.rh!);
    const rhLateral = moved(new Vector3(70, 0, 0), layout.rh!);
    expect(rhMedial.x).toBeGreaterThan(rhLateral.x);
    // Seen from +x, screen-right is +y.
    expect(placed(lhPial, layout.lh!).max.y).toBeLessThan(placed(rhPial, layout.rh!).min.y);
  });

  it('centres a lone hemisphere and still turns rh to show the requested face', () => {
    const layout = hemisphereLayout('lateral', { rh: rhPial });
    expect(layout.lh).toBeUndefined();
    const rh = placed(rhPial, layout.rh!);
    expect(rh.getCenter(new Vector3()).y).toBeCloseTo(0, 6);
    expect(moved(new Vector3(70, 0, 0), layout.rh!).x).toBeLessThan(
      moved(new Vector3(2, 0, 0), layout.rh!).x,
    );
  });
});
