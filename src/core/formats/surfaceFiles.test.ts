import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { concatBytes, toBytes } from './binary';
import { writeMgh } from './mgh';
import { writeNpy } from './npy';
import { classifySurfaceFile, readSurfaceFile, surfaceName } from './surfaceFiles';

describe('classifySurfaceFile', () => {
  it('tells format, hemisphere and stem from the name', () => {
    expect(classifySurfaceFile('lh.pial')).toEqual({ format: 'freesurfer', hemisphere: 'lh', stem: 'pial' });
    expect(classifySurfaceFile('subj/surf/rh.sulc')).toEqual({
      format: 'freesurfer',
      hemisphere: 'rh',
      stem: 'sulc',
    });
    expect(classifySurfaceFile('pial_left.gii.gz')).toEqual({
      format: 'gifti',
      hemisphere: 'lh',
      stem: 'pial',
    });
    expect(classifySurfaceFile('curv_right.gii.gz')).toEqual({
      format: 'gifti',
      hemisphere: 'rh',
      stem: 'curv',
    });
    expect(classifySurfaceFile('fsavg.L.inflated.surf.gii')).toMatchObject({
      hemisphere: 'lh',
      format: 'gifti',
    });
    expect(classifySurfaceFile('sub-01_hemi-R_thickness.shape.gii')).toMatchObject({ hemisphere: 'rh' });
    expect(classifySurfaceFile('lh.aparc.annot')).toEqual({
      format: 'annot',
      hemisphere: 'lh',
      stem: 'aparc',
    });
    expect(classifySurfaceFile('lh.V1_exvivo.label')).toEqual({
      format: 'label',
      hemisphere: 'lh',
      stem: 'V1_exvivo',
    });
    expect(classifySurfaceFile('lh.r2.mgz')).toEqual({ format: 'mgh', hemisphere: 'lh', stem: 'r2' });
    expect(classifySurfaceFile('accuracy.npy')).toEqual({
      format: 'npy',
      hemisphere: undefined,
      stem: 'accuracy',
    });
    expect(classifySurfaceFile('notes.txt')).toBeUndefined();
    expect(classifySurfaceFile('betas.hdf5')).toBeUndefined();
  });

  it('names surfaces as the viewer does', () => {
    const stems = [
      'infl',
      'pial',
      'fsavg.sphere',
      'flat',
      'very_inflated',
      'sphere.reg',
      'sub-01_._white',
      'orig',
    ];
    expect(stems.map(surfaceName)).toEqual([
      'inflated',
      'pial',
      'sphere',
      'flat',
      'very_inflated',
      'sphere.reg',
      'white',
      'orig',
    ]);
  });
});

/** A FreeSurfer triangle surface (nibabel's write_geometry layout). */
const surfaceBytes = (positions: number[], faces: number[]) =>
  concatBytes([
    new Uint8Array([0xff, 0xff, 0xfe]),
    new TextEncoder().encode('created by test\n\n'),
    toBytes(Int32Array.from([positions.length / 3, faces.length / 3]), false),
    toBytes(Float32Array.from(positions), false),
    toBytes(Int32Array.from(faces), false),
  ]);

/** A new-format FreeSurfer curv file. */
const curvBytes = (values: number[]) =>
  concatBytes([
    new Uint8Array([0xff, 0xff, 0xff]),
    toBytes(Int32Array.from([values.length, 0, 1]), false),
    toBytes(Float32Array.from(values), false),
  ]);

describe('readSurfaceFile', () => {
  it('reads FreeSurfer surfaces and curv files, told apart by their magic', async () => {
    const surface = await readSurfaceFile(
      'lh.inflated',
      surfaceBytes([0, 0, 0, 1, 0, 0, 0, 1, 0], [0, 1, 2]),
    );
    expect(surface).toMatchObject({
      type: 'surface',
      surface: 'inflated',
      hemisphere: 'lh',
      file: 'lh.inflated',
    });
    const curv = await readSurfaceFile('dir/lh.curv', curvBytes([0.5, -1, 2]));
    expect(curv).toMatchObject({ type: 'scalar', file: 'lh.curv', values: Float32Array.from([0.5, -1, 2]) });
  });

  it('reads the first frame of an MGH overlay and 1-D .npy arrays', async () => {
    const mgh = writeMgh({ dims: [3, 1, 1, 2], data: Float32Array.from([1, 2, 3, 9, 9, 9]) });
    expect(await readSurfaceFile('rh.r.mgh', mgh)).toMatchObject({ values: Float32Array.from([1, 2, 3]) });
    const npy = writeNpy({ shape: [4], data: Float64Array.from([1, 2, 3, 4]) });
    expect(await readSurfaceFile('map.npy', npy)).toMatchObject({
      type: 'scalar',
      values: Float32Array.from([1, 2, 3, 4]),
    });
  });

  it('says why a file cannot be a per-vertex map', async () => {
    const volume = writeMgh({ dims: [2, 2, 2], data: new Float32Array(8) });
    await expect(readSurfaceFile('lh.vol.mgz', volume)).rejects.toThrow(
      'a 2×2×2 volume, not a surface overlay',
    );
    const matrix = writeNpy({ shape: [2, 3], data: new Float32Array(6) });
    await expect(readSurfaceFile('x.npy', matrix)).rejects.toThrow(
      'shaped (2, 3); per-vertex maps must be 1-D',
    );
    await expect(readSurfaceFile('notes.txt', new Uint8Array(4))).rejects.toThrow(
      'not a surface or per-vertex map',
    );
  });

  it('reads a surface label as its vertices and refuses a volume label', async () => {
    const text = (vertex: number) => `#!ascii label\n2\n${vertex} 1 2 3 0\n4 1 2 3 0\n`;
    expect(await readSurfaceFile('lh.V1.label', new TextEncoder().encode(text(1)))).toMatchObject({
      type: 'label',
      stem: 'V1',
      vertices: Int32Array.from([1, 4]),
    });
    await expect(readSurfaceFile('lh.V1.label', new TextEncoder().encode(text(-1)))).rejects.toThrow(
      'drawn on a volume',
    );
  });
});

describeShared('readSurfaceFile on fsaverage5', 'data/fsaverage5', () => {
  const read = (name: string) => readSurfaceFile(name, readFileSync(sharedPath('data/fsaverage5', name)));

  it('reads GIfTI surfaces as surfaces and GIfTI shapes as maps', async () => {
    const pial = await read('infl_right.gii.gz');
    expect(pial).toMatchObject({ type: 'surface', surface: 'inflated', hemisphere: 'rh' });
    if (pial.type === 'surface') expect(pial.mesh.positions).toHaveLength(3 * 10242);
    const curv = await read('curv_left.gii.gz');
    expect(curv).toMatchObject({ type: 'scalar', hemisphere: 'lh', stem: 'curv' });
    if (curv.type === 'scalar') expect(curv.values).toHaveLength(10242);
  });
});
