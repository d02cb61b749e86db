import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { readSurface } from './freesurfer';

const SURF = 'fixtures/nsd-mini/nsddata/freesurfer/subj01/surf';
const load = (name: string) => readSurface(readFileSync(sharedPath(SURF, name)));

/** Vertices 0, 5000 and 10241, as nibabel.freesurfer.read_geometry reads them. */
const NIBABEL: Record<string, number[][]> = {
  'lh.white': [
    [-38.7359581, -19.34336472, 67.22013855],
    [-41.06058502, -7.14600658, -5.82688141],
    [-34.49119186, -25.40390587, -24.64511681],
  ],
  'lh.inflated': [
    [-5.83803701, 2.50201011, 57.6473999],
    [-14.82648277, 31.34360313, -31.31821823],
    [-5.19469547, -12.20615959, -60.69659805],
  ],
};

describeShared('subj01 lh.white and lh.inflated (FreeSurfer surfaces)', SURF, () => {
  it.each(Object.keys(NIBABEL))('%s has the fixture’s vertex count and nibabel’s coordinates', (name) => {
    const mesh = load(name);
    const { surface_vertices_lh } = JSON.parse(
      readFileSync(sharedPath('fixtures/nsd-mini/FIXTURE.json'), 'utf8'),
    );
    expect(mesh.positions.length / 3).toBe(surface_vertices_lh);
    expect(mesh.faces.length / 3).toBe(20480);
    [0, 5000, 10241].forEach((v, i) =>
      NIBABEL[name][i].forEach((x, k) => expect(mesh.positions[3 * v + k]).toBeCloseTo(x, 5)),
    );
    expect(Array.from(mesh.faces.subarray(0, 3))).toEqual([0, 2564, 2562]);
    expect(Array.from(mesh.faces.subarray(-3))).toEqual([10161, 11, 9918]);
  });

  it('white and inflated share their faces, which close a sphere using every vertex', () => {
    const white = load('lh.white');
    const inflated = load('lh.inflated');
    expect(inflated.faces).toEqual(white.faces);
    const used = new Uint8Array(white.positions.length / 3);
    white.faces.forEach((v) => (used[v] = 1));
    expect(used.every((u) => u === 1)).toBe(true);
    // Euler characteristic of a closed triangulated sphere: V − E + F = 2 with E = 3F/2.
    const V = used.length;
    const F = white.faces.length / 3;
    expect(V - (3 * F) / 2 + F).toBe(2);
  });
});
