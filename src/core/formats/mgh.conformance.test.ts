import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { labelNames, parseCtab } from './ctab';
import { mghAffine, readMgh } from './mgh';

const LABEL_DIR = 'fixtures/nsd-mini/nsddata/freesurfer/subj01/label';

describeShared('subj01 lh.floc-faces.mgz (MGZ surface labels)', `${LABEL_DIR}/lh.floc-faces.mgz`, () => {
  it('has one int32 label per vertex, within the ctab range', async () => {
    const volume = await readMgh(readFileSync(sharedPath(LABEL_DIR, 'lh.floc-faces.mgz')));
    const { surface_vertices_lh } = JSON.parse(
      readFileSync(sharedPath('fixtures/nsd-mini/FIXTURE.json'), 'utf8'),
    );
    expect(volume.dims).toEqual([surface_vertices_lh, 1, 1, 1]);
    expect(volume.data).toBeInstanceOf(Int32Array);
    const names = labelNames(parseCtab(readFileSync(sharedPath(LABEL_DIR, 'floc-faces.mgz.ctab'), 'utf8')));
    expect(volume.data.every((v) => Number.isInteger(v) && v >= 0 && v <= names.length)).toBe(true);
    // Values checked against nibabel: 1085 FFA-1 vertices, the first at vertex 6.
    expect(volume.data.filter((v) => v === 2).length).toBe(1085);
    expect(volume.data.filter((v) => v !== 0 && v !== 2).length).toBe(0);
    expect(volume.data.indexOf(2)).toBe(6);
    expect(names[2 - 1]).toBe('FFA-1');
    // cras is dims / 2 in this file, so the affine is the identity (as nibabel reports too).
    expect(mghAffine(volume)).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
  });
});
