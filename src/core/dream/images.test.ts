import { describe, expect, it } from 'vitest';
import { imageGrid, toRgbBytes } from './images';

describe('dream images', () => {
  it('interleaves planar [0, 1] values into clamped RGB bytes', () => {
    // One 2 × 2 image: R = (0, 0.25, 0.5, 2), G = (−1, 0.2, 1, 1), B = (1, 0, 0, 0).
    const rgb = toRgbBytes(Float64Array.of(0, 0.25, 0.5, 2, -1, 0.2, 1, 1, 1, 0, 0, 0), 2);
    expect(Array.from(rgb.subarray(0, 6))).toEqual([0, 0, 255, 64, 51, 0]);
  });

  it('lays a batch out on a near-square grid with white gaps', () => {
    const rgb = new Uint8Array(3 * 2 * 2 * 3); // three black 2 × 2 images
    const grid = imageGrid(rgb, 2, 1);
    expect([grid.width, grid.height]).toEqual([5, 5]);
    const at = (x: number, y: number) => grid.rgb[(y * grid.width + x) * 3];
    expect([at(0, 0), at(2, 0), at(3, 0), at(0, 3), at(3, 3)]).toEqual([0, 255, 0, 0, 255]);
  });
});
