import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { labelNames, parseCtab } from './ctab';
import { readNifti, scaled, type NiftiImage } from './nifti';

const MINI = 'fixtures/nsd-mini';
const ROI_DIR = `${MINI}/nsddata/ppdata/subj01/func1pt8mm/roi`;
const NCSNR = `${MINI}/nsddata_betas/ppdata/subj01/func1pt8mm/betas_fithrf_GLMdenoise_RR/ncsnr.nii.gz`;
const fixture = () => JSON.parse(readFileSync(sharedPath(MINI, 'FIXTURE.json'), 'utf8'));
const load = (path: string) => readNifti(readFileSync(sharedPath(path)));

function counts(data: ArrayLike<number>): Record<number, number> {
  const out: Record<number, number> = {};
  for (let i = 0; i < data.length; i++) out[data[i]] = (out[data[i]] ?? 0) + 1;
  return out;
}

/** The func1pt8mm grid's sform, as nibabel reports it (float32 values). */
const AFFINE = [
  [-1.8, 0, 0, 14.4],
  [0, 1.8, 0, -18],
  [0, 0, 1.8, -12.6],
  [0, 0, 0, 1],
];

function expectGrid(image: NiftiImage, grid: number[]) {
  expect(image.shape).toEqual(grid);
  image.affine.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(AFFINE[i][j], 5)));
}

describeShared('func1pt8mm ROI volumes (NIfTI-1, gzip)', ROI_DIR, () => {
  let grid: number[];
  beforeAll(() => {
    grid = fixture().grid_xyz;
  });

  it('nsdgeneral.nii.gz is an int16 -1/0/1 mask with the fixture’s voxel count', async () => {
    const image = await load(`${ROI_DIR}/nsdgeneral.nii.gz`);
    expectGrid(image, grid);
    expect(image.header).toMatchObject({ datatype: 4, sformCode: 2, voxOffset: 352, littleEndian: true });
    expect(image.data).toBeInstanceOf(Int16Array);
    expect(scaled(image)).toBe(image.data); // slope 1, intercept 0
    expect(counts(image.data)).toEqual({ [-1]: 3076, 0: 846, 1: fixture().nsdgeneral_voxels });
  });

  it.each([
    ['floc-faces', { [-1]: 3076, 0: 1195, 2: 96, 3: 113 }],
    ['prf-visualrois', { [-1]: 3076, 0: 1307, 2: 5, 3: 22, 4: 43, 5: 22, 6: 5 }],
  ])('%s labels lie within its ctab', async (name, expected) => {
    const image = await load(`${ROI_DIR}/${name}.nii.gz`);
    expectGrid(image, grid);
    const names = labelNames(
      parseCtab(
        readFileSync(sharedPath(MINI, 'nsddata/freesurfer/subj01/label', `${name}.mgz.ctab`), 'utf8'),
      ),
    );
    const found = counts(image.data);
    expect(found).toEqual(expected);
    const labels = Object.keys(found)
      .map(Number)
      .filter((v) => v > 0);
    // Every label value is named in the table (no `label<k>` placeholders).
    for (const value of labels) expect(names[value - 1]).toMatch(/^(?!label\d)/);
  });
});

describeShared('ncsnr.nii.gz (NIfTI-1 float32, gzip)', NCSNR, () => {
  it('is a non-negative float map on the ROI grid', async () => {
    const image = await load(NCSNR);
    expectGrid(image, fixture().grid_xyz);
    expect(image.data).toBeInstanceOf(Float32Array);
    const data = image.data as Float32Array;
    const [X, Y] = image.shape;
    const at = (x: number, y: number, z: number) => data[x + X * (y + Y * z)];
    // Values checked against nibabel.
    expect(at(10, 12, 7)).toBeCloseTo(0.31146535, 7);
    expect(at(8, 10, 6)).toBeCloseTo(0.39278045, 7);
    expect(at(14, 6, 9)).toBeCloseTo(1.2074075, 6); // the maximum
    expect(Math.max(...data)).toBe(at(14, 6, 9));
    expect(data.every((v) => v >= 0)).toBe(true);
    expect(data.filter((v) => v > 0).length).toBe(1336);
    expect(data.reduce((s, v) => s + v, 0)).toBeCloseTo(729.2357, 3);
  });
});
