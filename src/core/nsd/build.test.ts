import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { nodeInputs } from '../../cli/nodeInputs';
import { initH5 } from '../formats/h5';
import { writeNifti } from '../formats/nifti';
import { CancelledError, createJobContext, silentContext } from '../jobs/progress';
import { correlation } from '../stats';
import { moveBeyond4GB, TREE_PATHS, writeNsdTree, type Tree } from '../testing/nsdTree';
import { buildNsdBundle, type BuildOptions } from './build';
import { inspectFile, inventory } from './inspect';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function tree(options: Parameters<typeof writeNsdTree>[1] = {}): Promise<Tree> {
  const dir = mkdtempSync(join(tmpdir(), 'nsd-'));
  dirs.push(dir);
  return writeNsdTree(dir, options);
}

const base: BuildOptions = {
  subject: 1,
  space: 'func1pt8mm',
  roi: 'nsdgeneral',
  imageSize: 4,
  appVersion: 't',
  created: 'c',
};
const build = (root: string, options: Partial<BuildOptions> = {}) => {
  const { files, openHdf5 } = nodeInputs(root);
  return buildNsdBundle(files, { ...base, ...options }, openHdf5, silentContext);
};

/** Correlation across test images between a unit's responses and the planted feature. */
function recovery(
  responses: Float32Array,
  ids: Int32Array,
  units: number,
  u: number,
  feature: (id: number) => number,
) {
  return correlation(
    Array.from(ids, (_, r) => responses[r * units + u]),
    Array.from(ids, feature),
  );
}

describe('NSD bundle builder on a tree written by the test', () => {
  let t: Tree;
  beforeAll(async () => {
    await initH5(h5wasm);
    t = await tree();
  });

  it('volume: masked voxels in flat order; the planted signal survives z-scoring and averaging', async () => {
    const { bundle, excludedUnits } = await build(t.root);
    expect(excludedUnits).toBe(0);
    expect(Array.from(bundle.units.index)).toEqual(t.maskVoxels);
    expect(Array.from(bundle.test.nsdIds)).toEqual([...t.sharedIds].sort((a, b) => a - b));
    expect(bundle.train.nsdIds[0]).toBe(60);
    expect(bundle.train.repetitions.every((r) => r >= 1)).toBe(true);
    for (let u = 0; u < bundle.units.count; u++) {
      expect(
        recovery(bundle.test.responses, bundle.test.nsdIds, bundle.units.count, u, t.feature),
      ).toBeGreaterThan(0.8);
    }
    expect(bundle.rois.map((r) => [r.name, r.labelNames])).toEqual([['nsdgeneral', ['nsdgeneral']]]);
    expect(bundle.stimuli.images.length).toBe(300 * 4 * 4 * 3);
    expect(bundle.provenance.files?.find((f) => f.path === TREE_PATHS.design)?.sha256).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });

  it('nativesurface (HDF5) and fsaverage (MGH) give the same responses for the same vertices', async () => {
    const native = await build(t.root, { space: 'nativesurface', hemi: 'lh', roi: undefined });
    const fsavg = await build(t.root, { space: 'fsaverage', hemi: 'lh', roi: undefined });
    // Vertices with no signal (weight 0) still have noise, so nothing is excluded.
    expect(native.bundle.units.count).toBe(40);
    expect(Array.from(native.bundle.units.hemisphere!)).toEqual(new Array(40).fill(0));
    // int16 storage rounds PSC to 1/300: the two agree to that precision after z-scoring.
    native.bundle.test.responses.forEach((v, i) =>
      expect(Math.abs(v - fsavg.bundle.test.responses[i])).toBeLessThan(0.02),
    );
    expect(recovery(fsavg.bundle.test.responses, fsavg.bundle.test.nsdIds, 40, 1, t.feature)).toBeGreaterThan(
      0.8,
    );
    const roi = await build(t.root, { space: 'nativesurface', hemi: 'lh', roi: 'testroi' });
    expect(roi.bundle.units.count).toBe(40);
    expect(roi.bundle.rois[0].labelNames).toEqual(['testroi 1', 'testroi 2']);
  });

  it('reports what a set of files allows and lacks', async () => {
    const { files, openHdf5 } = nodeInputs(t.root);
    const reports = await Promise.all(files.map((f) => inspectFile(f, openHdf5)));
    expect(reports.every((r) => !r.problem)).toBe(true);
    const inv = inventory(files, reports);
    expect(inv.datasets.map((d) => `${d.space} ${d.hemi ?? ''} ${d.sessions.join(',')}`).sort()).toEqual([
      'fsaverage lh 1,2',
      'func1pt8mm  1,2',
      'nativesurface lh 1,2',
    ]);
    const noStimuli = inventory(
      files.filter((f) => !f.path.endsWith('nsd_stimuli.hdf5')),
      reports,
    );
    expect(noStimuli.datasets[0].missing).toEqual(['no nsd_stimuli.hdf5 (the images)']);
  });

  it('reads beta files whose data lies beyond 4 GB', async () => {
    const big = await tree();
    const before = await build(big.root);
    moveBeyond4GB(join(big.root, TREE_PATHS.betas(2)));
    const after = await build(big.root);
    expect(after.bundle.train.responses).toEqual(before.bundle.train.responses);
  });

  it('cancelling stops the build with CancelledError', async () => {
    const { files, openHdf5 } = nodeInputs(t.root);
    let checkpoints = 0;
    const ctx = createJobContext({ isCancelled: () => ++checkpoints > 3 });
    await expect(buildNsdBundle(files, base, openHdf5, ctx)).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('bad input gets a message naming the file and the problem', () => {
  beforeAll(() => initH5(h5wasm));

  it('a truncated beta file', async () => {
    const t = await tree();
    const path = join(t.root, TREE_PATHS.betas(2));
    truncateSync(path, Math.floor(readFileSync(path).length / 2));
    await expect(build(t.root)).rejects.toThrow(
      /betas_session02\.hdf5: the HDF5 file is truncated or damaged/,
    );
  });

  it('a beta file that is not HDF5', async () => {
    const t = await tree();
    writeFileSync(join(t.root, TREE_PATHS.betas(1)), 'this is not HDF5');
    await expect(build(t.root)).rejects.toThrow(/betas_session01\.hdf5: not an HDF5 file/);
    const { files, openHdf5 } = nodeInputs(t.root);
    const report = await inspectFile(
      files.find((f) => f.path.endsWith('betas_session01.hdf5'))!,
      openHdf5,
    );
    expect(report.problem).toMatch(
      /betas_session01\.hdf5 is named like a betas-volume file but its content is text, not hdf5/,
    );
  });

  it('a beta dataset with the wrong shape', async () => {
    const t = await tree();
    const lib = await initH5(h5wasm);
    const f = new lib.File(join(t.root, TREE_PATHS.betas(2)), 'w');
    f.create_dataset({ name: 'betas', data: new Int16Array(750 * 10), shape: [750, 10] });
    f.close();
    await expect(build(t.root)).rejects.toThrow(
      /betas_session02\.hdf5: \/betas has shape \(750, 10\); expected \(750, Z, Y, X\)/,
    );
  });

  it('sessions whose grids differ', async () => {
    const t = await tree();
    const other = await tree({ grid: [4, 5, 4] });
    copyFileSync(join(other.root, TREE_PATHS.betas(2)), join(t.root, TREE_PATHS.betas(2)));
    await expect(build(t.root)).rejects.toThrow(
      /betas_session02\.hdf5: betas are \(750, 4, 5, 4\), unlike session 1's \(750, 3, 5, 4\)/,
    );
  });

  it('a design that does not cover the betas', async () => {
    const t = await tree({ designSessions: 1 });
    await expect(build(t.root)).rejects.toThrow(
      /responses\.tsv covers 1 sessions, but betas_session02\.hdf5 is session 2: the design does not cover these betas/,
    );
  });

  it('an ROI on another grid', async () => {
    const t = await tree();
    writeFileSync(
      join(t.root, TREE_PATHS.mask),
      writeNifti({ shape: [5, 5, 5], data: new Int16Array(125).fill(1) }),
    );
    await expect(build(t.root)).rejects.toThrow(
      /nsdgeneral\.nii is on a 5×5×5 grid, but the betas are 4×5×3: the ROI is on another grid/,
    );
  });

  it('missing pieces are listed together', async () => {
    const t = await tree();
    rmSync(join(t.root, TREE_PATHS.stimuli));
    rmSync(join(t.root, TREE_PATHS.design));
    await expect(build(t.root, { roi: 'nsdgeneral' })).rejects.toThrow(
      /no design file .*; no nsd_stimuli\.hdf5 \(the images\)/,
    );
  });

  it('units with NaN or no variance are excluded and counted', async () => {
    const t = await tree();
    const lib = await initH5(h5wasm);
    const f = new lib.File(join(t.root, TREE_PATHS.surfaceBetas(1)), 'a');
    const ds = f.get('betas') as { write_slice(r: number[][], d: Int16Array): void };
    ds.write_slice(
      [
        [0, 750],
        [3, 4],
      ],
      new Int16Array(750).fill(7),
    );
    f.close();
    const { bundle, excludedUnits, warnings } = await build(t.root, {
      space: 'nativesurface',
      hemi: 'lh',
      roi: undefined,
    });
    expect(excludedUnits).toBe(1);
    expect(Array.from(bundle.units.index)).not.toContain(3);
    expect(warnings.join()).toMatch(/1 units had zero variance or NaN/);
  });
});
