import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { matAt, readMat, type MatArray } from './matv5';
import { parseTable } from './table';

const EXPDESIGN = 'fixtures/nsd-mini/nsddata/experiments/nsd/nsd_expdesign.mat';

describeShared('nsd_expdesign.mat (MAT v5)', EXPDESIGN, () => {
  let mat: Map<string, MatArray>;
  beforeAll(async () => {
    mat = await readMat(readFileSync(sharedPath(EXPDESIGN)));
  });

  it('has the NSD variables with their MATLAB sizes', () => {
    const dims = Object.fromEntries([...mat].map(([name, a]) => [name, a.dims]));
    expect(dims).toEqual({
      masterordering: [1, 30000],
      subjectim: [8, 10000],
      sharedix: [1, 1000],
      basiccnt: [3, 40],
      stimpattern: [40, 12, 75],
    });
  });

  it('masterordering holds 10k-indices 1..10000', () => {
    const mo = mat.get('masterordering')!;
    expect(Math.min(...mo.data)).toBe(1);
    expect(Math.max(...mo.data)).toBe(10000);
    expect(mo.data.every(Number.isInteger)).toBe(true);
    // Values checked against scipy.io.loadmat.
    expect(Array.from(mo.data.subarray(0, 5))).toEqual([4341, 2339, 8895, 2127, 2452]);
    expect(matAt(mo, 0, 29999)).toBe(1324);
  });

  it('subjectim is column-major 8×10000 and starts with the sorted shared images', () => {
    const si = mat.get('subjectim')!;
    const shared = mat.get('sharedix')!;
    expect([matAt(si, 0, 0), matAt(si, 0, 1), matAt(si, 0, 2)]).toEqual([164, 233, 270]);
    expect(matAt(si, 7, 9999)).toBe(35502);
    expect(matAt(si, 3, 1234)).toBe(49545);
    expect(matAt(si, 2, 1000)).toBe(36921);
    for (let s = 0; s < 8; s++) expect(matAt(si, s, 5)).toBe(548);
    for (let k = 0; k < 1000; k++) expect(matAt(si, k % 8, k)).toBe(shared.data[k]);
    expect(shared.data.every((v, i) => i === 0 || v > shared.data[i - 1])).toBe(true);
    expect(shared.data[999]).toBe(72954);
    expect(matAt(mat.get('stimpattern')!, 39, 11, 74)).toBe(1);
  });

  it("maps trials to the 73k ids that subj01's responses.tsv lists", () => {
    const responses = parseTable(
      readFileSync(sharedPath('fixtures/nsd-mini/nsddata/ppdata/subj01/behav/responses.tsv'), 'utf8'),
    );
    const ids = responses.numbers('73KID');
    const mo = mat.get('masterordering')!;
    const si = mat.get('subjectim')!;
    expect(ids.length).toBe(2250);
    ids.forEach((id, t) => expect(matAt(si, 0, matAt(mo, 0, t) - 1)).toBe(id));
  });
});
