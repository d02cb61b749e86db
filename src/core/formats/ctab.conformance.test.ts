import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { labelNames, parseCtab } from './ctab';

const LABELS = 'fixtures/nsd-mini/nsddata/freesurfer';
const names = (dir: string, atlas: string) =>
  labelNames(parseCtab(readFileSync(sharedPath(LABELS, dir, 'label', `${atlas}.mgz.ctab`), 'utf8')));

describeShared('NSD label tables (.mgz.ctab)', LABELS, () => {
  it.each(['subj01', 'fsaverage'])('%s tables name the NSD ROIs in code order', (dir) => {
    expect(names(dir, 'nsdgeneral')).toEqual(['nsdgeneral']);
    expect(names(dir, 'prf-visualrois')).toEqual(['V1v', 'V1d', 'V2v', 'V2d', 'V3v', 'V3d', 'hV4']);
    expect(names(dir, 'floc-faces')).toEqual(['OFA', 'FFA-1', 'FFA-2', 'mTL-faces', 'aTL-faces']);
  });

  it('keeps 0 Unknown as the first entry', () => {
    const table = parseCtab(readFileSync(sharedPath(LABELS, 'subj01/label/floc-faces.mgz.ctab'), 'utf8'));
    expect(table[0]).toEqual({ value: 0, name: 'Unknown' });
    expect(table).toHaveLength(6);
  });
});
