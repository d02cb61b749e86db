/**
 * A bundle built from ../shared/fixtures/nsd-mini matches values computed here independently from
 * the raw files: the design from responses.tsv (the builder reads nsd_expdesign.mat), z-scores per
 * session, repetition averages, the shared1000 split and the unit order, in float64.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { nodeInputs } from '../../cli/nodeInputs';
import { initH5 } from '../formats/h5';
import { readMgh } from '../formats/mgh';
import { readNifti } from '../formats/nifti';
import { silentContext } from '../jobs/progress';
import { describeShared, sharedPath } from '../testing/shared';
import { buildNsdBundle, noiseCeilingPercent, type BuildResult } from './build';

const root = () => sharedPath('fixtures/nsd-mini');
const betasDir = (space: string) =>
  sharedPath(`fixtures/nsd-mini/nsddata_betas/ppdata/subj01/${space}/betas_fithrf_GLMdenoise_RR`);
const SESSIONS = 3;

interface Trial {
  session: number;
  nsdId: number;
  shared: boolean;
}

function trialsFromResponsesTsv(): Trial[] {
  const lines = readFileSync(
    sharedPath('fixtures/nsd-mini/nsddata/ppdata/subj01/behav/responses.tsv'),
    'utf8',
  )
    .trim()
    .split('\n');
  const header = lines[0].split('\t');
  const col = (name: string) => header.indexOf(name);
  return lines.slice(1).map((line) => {
    const cells = line.split('\t').map(Number);
    return {
      session: cells[col('SESSION')],
      nsdId: cells[col('73KID')] - 1,
      shared: cells[col('10KID')] <= 1000,
    };
  });
}

/** All trials of one session for the given units, z-scored per unit in float64. */
function zscoredSession(raw: Int16Array, units: number[], stride: number): Float64Array[] {
  return units.map((unit) => {
    const x = Float64Array.from({ length: 750 }, (_, k) => raw[k * stride + unit] / 300);
    const mean = x.reduce((a, b) => a + b, 0) / 750;
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / 750);
    return x.map((v) => (v - mean) / sd);
  });
}

function expectedResponses(units: number[], stride: number, file: (s: number) => string) {
  const trials = trialsFromResponsesTsv().filter((t) => t.session <= SESSIONS);
  const sums = new Map<number, Float64Array>();
  const counts = new Map<number, number>();
  for (let s = 1; s <= SESSIONS; s++) {
    const h5 = new h5wasm.File(file(s), 'r');
    const raw = (h5.get('betas') as { value: Int16Array }).value;
    h5.close();
    const z = zscoredSession(raw, units, stride);
    trials
      .filter((t) => t.session === s)
      .forEach((t, k) => {
        const acc = sums.get(t.nsdId) ?? new Float64Array(units.length);
        units.forEach((_, u) => (acc[u] += z[u][k]));
        sums.set(t.nsdId, acc);
        counts.set(t.nsdId, (counts.get(t.nsdId) ?? 0) + 1);
      });
  }
  const shared = new Set(trials.filter((t) => t.shared).map((t) => t.nsdId));
  const ids = [...sums.keys()].sort((a, b) => a - b);
  return {
    trainIds: ids.filter((id) => !shared.has(id)),
    testIds: ids.filter((id) => shared.has(id)),
    mean: (id: number) => sums.get(id)!.map((v) => v / counts.get(id)!),
    reps: (id: number) => counts.get(id)!,
  };
}

function expectClose(
  actual: Float32Array,
  expected: (row: number) => Float64Array,
  rows: number,
  units: number,
) {
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    const e = expected(r);
    for (let u = 0; u < units; u++) worst = Math.max(worst, Math.abs(actual[r * units + u] - e[u]));
  }
  expect(worst).toBeLessThan(2e-5);
}

describeShared('NSD bundle from nsd-mini', 'fixtures/nsd-mini/FIXTURE.json', () => {
  const fixture = () => JSON.parse(readFileSync(sharedPath('fixtures/nsd-mini/FIXTURE.json'), 'utf8'));
  let volume: BuildResult;
  let surface: BuildResult;

  beforeAll(async () => {
    await initH5(h5wasm);
    const { files, openHdf5 } = nodeInputs(root());
    const common = { subject: 1, imageSize: 32, appVersion: 'test', created: 'fixed' };
    volume = await buildNsdBundle(
      files,
      { ...common, space: 'func1pt8mm', roi: 'nsdgeneral' },
      openHdf5,
      silentContext,
    );
    surface = await buildNsdBundle(
      files,
      { ...common, space: 'nativesurface', hemi: 'lh' },
      openHdf5,
      silentContext,
    );
  });

  it('volume: nsdgeneral voxels in ascending flat index order, with coordinates', async () => {
    const mask = await readNifti(
      readFileSync(sharedPath('fixtures/nsd-mini/nsddata/ppdata/subj01/func1pt8mm/roi/nsdgeneral.nii.gz')),
    );
    const [X, Y] = mask.shape;
    const expected = [...mask.data.keys()].filter((i) => mask.data[i] > 0);
    const { units } = volume.bundle;
    expect(units.count).toBe(fixture().nsdgeneral_voxels);
    expect(Array.from(units.index)).toEqual(expected);
    expect(units.grid).toEqual(fixture().grid_xyz);
    const u = 17;
    expect(Array.from(units.voxels!.subarray(u * 3, u * 3 + 3))).toEqual([
      expected[u] % X,
      Math.floor(expected[u] / X) % Y,
      Math.floor(expected[u] / (X * Y)),
    ]);
  });

  it('volume: responses are per-session z-scores averaged over repetitions, split by shared1000', () => {
    const { bundle } = volume;
    const plane = bundle.units.grid![0] * bundle.units.grid![1] * bundle.units.grid![2];
    const exp = expectedResponses(
      Array.from(bundle.units.index),
      plane,
      (s) => `${betasDir('func1pt8mm')}/betas_session0${s}.hdf5`,
    );
    expect(Array.from(bundle.train.nsdIds)).toEqual(exp.trainIds);
    expect(Array.from(bundle.test.nsdIds)).toEqual(exp.testIds);
    expect(bundle.test.nsdIds.length).toBe(fixture().n_shared_images_seen);
    expect(bundle.train.nsdIds.length + bundle.test.nsdIds.length).toBe(fixture().n_unique_images);
    expect(Array.from(bundle.test.repetitions)).toEqual(exp.testIds.map(exp.reps));
    expectClose(
      bundle.train.responses,
      (r) => exp.mean(exp.trainIds[r]),
      exp.trainIds.length,
      bundle.units.count,
    );
    expectClose(
      bundle.test.responses,
      (r) => exp.mean(exp.testIds[r]),
      exp.testIds.length,
      bundle.units.count,
    );
  });

  it('volume: noise ceilings from ncsnr.nii.gz with the mixed-repetition formula, ROI labels from the volumes', async () => {
    const { bundle } = volume;
    const ncsnr = await readNifti(readFileSync(`${betasDir('func1pt8mm')}/ncsnr.nii.gz`));
    const reps = Array.from(bundle.test.repetitions);
    const meanInverse = reps.reduce((a, n) => a + 1 / n, 0) / reps.length;
    bundle.units.index.forEach((flat, u) => {
      const s2 = ncsnr.data[flat] ** 2;
      expect(bundle.noiseCeiling[u]).toBeCloseTo((100 * s2) / (s2 + meanInverse), 3);
    });
    expect(noiseCeilingPercent(1, [3, 3])).toBeCloseTo(75);

    const visual = bundle.rois.find((r) => r.name === 'prf-visualrois')!;
    expect(visual.labelNames).toEqual(['V1v', 'V1d', 'V2v', 'V2d', 'V3v', 'V3d', 'hV4']);
    const raw = await readNifti(
      readFileSync(
        sharedPath('fixtures/nsd-mini/nsddata/ppdata/subj01/func1pt8mm/roi/prf-visualrois.nii.gz'),
      ),
    );
    bundle.units.index.forEach((flat, u) => expect(visual.labels[u]).toBe(Math.max(0, raw.data[flat])));
    expect(bundle.rois.map((r) => r.name).sort()).toEqual(['floc-faces', 'nsdgeneral', 'prf-visualrois']);
    expect(bundle.rois.find((r) => r.name === 'floc-faces')!.labelNames).toContain('FFA-1');
  });

  it("volume: without ncsnr.nii.gz, NSD's recipe on the data reproduces the file's noise ceilings", async () => {
    const { files, openHdf5 } = nodeInputs(root());
    const withoutNcsnr = files.filter((f) => !f.path.endsWith('ncsnr.nii.gz'));
    const options = {
      subject: 1,
      imageSize: 8,
      appVersion: 'test',
      created: 'fixed',
      space: 'func1pt8mm' as const,
      roi: 'nsdgeneral',
    };
    const { bundle } = await buildNsdBundle(withoutNcsnr, options, openHdf5, silentContext);
    expect(bundle.provenance.details.noiseCeiling).toBe('computed from the data');
    bundle.noiseCeiling.forEach((nc, u) => expect(nc).toBeCloseTo(volume.bundle.noiseCeiling[u], 2));
  });

  it('volume: stimuli are the bundle images in ascending nsd id, taken from imgBrick', () => {
    const { bundle } = volume;
    const all = [...bundle.train.nsdIds, ...bundle.test.nsdIds].sort((a, b) => a - b);
    expect(Array.from(bundle.stimuli.nsdIds)).toEqual(all);
    const h5 = new h5wasm.File(
      sharedPath('fixtures/nsd-mini/nsddata_stimuli/stimuli/nsd/nsd_stimuli.hdf5'),
      'r',
    );
    const brick = h5.get('imgBrick') as { slice(r: number[][]): Uint8Array };
    const k = 5;
    expect(bundle.stimuli.images.subarray(k * 32 * 32 * 3, (k + 1) * 32 * 32 * 3)).toEqual(
      brick.slice([[all[k], all[k] + 1]]),
    );
    h5.close();
  });

  it('nativesurface: every lh vertex, responses checked the same way, noise ceiling computed from the data', async () => {
    const { bundle, warnings } = surface;
    expect(bundle.units.count + surface.excludedUnits).toBe(fixture().surface_vertices_lh);
    expect(bundle.hemispheres?.[0].surfaces.white.positions.length).toBe(fixture().surface_vertices_lh * 3);
    expect(warnings.join(' ')).toMatch(/computed from the data/);
    const some = Array.from(bundle.units.index.subarray(0, 200));
    const exp = expectedResponses(
      some,
      fixture().surface_vertices_lh,
      (s) => `${betasDir('nativesurface')}/lh.betas_session0${s}.hdf5`,
    );
    const cols = bundle.units.count;
    const firstCols = (data: Float32Array, rows: number) => {
      const out = new Float32Array(rows * 200);
      for (let r = 0; r < rows; r++) out.set(data.subarray(r * cols, r * cols + 200), r * 200);
      return out;
    };
    expectClose(
      firstCols(bundle.test.responses, exp.testIds.length),
      (r) => exp.mean(exp.testIds[r]),
      exp.testIds.length,
      200,
    );
    const faces = bundle.rois.find((r) => r.name === 'floc-faces')!;
    const mgh = await readMgh(
      readFileSync(sharedPath('fixtures/nsd-mini/nsddata/freesurfer/subj01/label/lh.floc-faces.mgz')),
    );
    bundle.units.index.forEach((v, u) => expect(faces.labels[u]).toBe(mgh.data[v]));
    // Signal lives in nsdgeneral-like cortex: ceilings vary widely and stay within 0..100.
    const nc = Array.from(bundle.noiseCeiling).filter(Number.isFinite);
    expect(Math.max(...nc)).toBeGreaterThan(30);
    expect(Math.min(...nc)).toBeGreaterThanOrEqual(0);
  });
});
