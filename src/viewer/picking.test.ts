import { describe, expect, it } from 'vitest';
import { nearestFaceVertex } from './picking';

describe('nearestFaceVertex', () => {
  const positions = new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0, 99, 99, 99]);
  const face = { a: 0, b: 1, c: 2 };

  it('returns the corner closest to the hit point', () => {
    expect(nearestFaceVertex(positions, face, { x: 1, y: 1, z: 0 })).toBe(0);
    expect(nearestFaceVertex(positions, face, { x: 6, y: 1, z: 0 })).toBe(1);
    expect(nearestFaceVertex(positions, face, { x: 2, y: 7, z: 0 })).toBe(2);
  });

  it('only considers the face corners', () => {
    expect(nearestFaceVertex(positions, face, { x: 90, y: 90, z: 90 })).not.toBe(3);
  });
});
