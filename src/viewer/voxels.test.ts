import { describe, expect, it } from 'vitest';
import { categoricalColor, sampleColormap } from './colormaps';
import { paintVoxels, pointSize } from './voxels';

describe('voxel cloud', () => {
  it('paints scalar voxels from the colormap within vmin..vmax, leaving NaN and sub-threshold ones blank', () => {
    const paint = paintVoxels({
      kind: 'scalar',
      values: Float32Array.of(0, NaN, 10, 0.5, -20, 5),
      colormap: 'gray',
      vmin: 0,
      vmax: 10,
      threshold: 1,
    });
    expect(Array.from(paint.painted)).toEqual([2, 4, 5]);
    expect(Array.from(paint.blank)).toEqual([0, 1, 3]);
    // 10 and beyond take the last colour, below vmin the first, 5 the middle of the 256-entry table.
    expect(Array.from(paint.colors)).toEqual([255, 255, 255, 0, 0, 0, 128, 128, 128]);
  });

  it('centres a symmetric scale on 0', () => {
    const paint = paintVoxels({
      kind: 'scalar',
      values: Float32Array.of(0, 0.2),
      colormap: 'RdBu_r',
      vmin: 0,
      vmax: 0.2,
      symmetric: true,
    });
    expect(Array.from(paint.colors.subarray(0, 3))).toEqual(sampleColormap('RdBu_r', 128 / 255));
    expect(Array.from(paint.colors.subarray(3))).toEqual(sampleColormap('RdBu_r', 1));
  });

  it('paints labelled voxels in the palette and leaves unlabelled or unknown labels blank', () => {
    const paint = paintVoxels({
      kind: 'categorical',
      values: Int32Array.of(2, 0, 1, 3),
      labelNames: ['V1', 'FFA'],
    });
    expect(Array.from(paint.painted)).toEqual([0, 2]);
    expect(Array.from(paint.blank)).toEqual([1, 3]);
    expect(Array.from(paint.colors)).toEqual([...categoricalColor(1), ...categoricalColor(0)]);
  });

  it('sizes points so one spans a voxel', () => {
    // At 90° the projection's tan(fov / 2) is 1: the size is the voxel's.
    expect(pointSize(1.8, 90)).toBeCloseTo(1.8, 12);
    expect(pointSize(2, 30)).toBeCloseTo(2 / Math.tan(Math.PI / 12), 12);
  });
});
