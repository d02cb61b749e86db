import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeInputs } from '../../cli/nodeInputs';
import { writeNpy } from '../formats/npy';
import { silentContext } from '../jobs/progress';
import { rgbPng } from '../testing/png';
import { buildAlgonautsBundle } from './algonauts';
import { inventory } from './inspect';
import { recognize } from './recognize';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const IDS = [3, 8, 15, 16, 42, 99, 120, 512, 700, 1001, 2048, 4000];
const V = { lh: 5, rh: 3 };

/** An Algonauts-style subject folder; value(row, hemi, v) is the planted response. */
function writeAlgonauts({ test = false, noiseCeiling = true } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'algonauts-'));
  dirs.push(root);
  const put = (path: string, bytes: Uint8Array) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  };
  const value = (row: number, hemi: 'lh' | 'rh', v: number) => row * 10 + v + (hemi === 'rh' ? 0.5 : 0);
  IDS.forEach((id, i) => {
    const name = `train-${String(i + 1).padStart(4, '0')}_nsd-${String(id).padStart(5, '0')}.png`;
    put(`subj01/training_split/training_images/${name}`, rgbPng(4, 4, new Uint8Array(48).fill(id % 256)));
  });
  for (const hemi of ['lh', 'rh'] as const) {
    const data = Float32Array.from({ length: IDS.length * V[hemi] }, (_, k) =>
      value(Math.floor(k / V[hemi]), hemi, k % V[hemi]),
    );
    put(
      `subj01/training_split/training_fmri/${hemi}_training_fmri.npy`,
      writeNpy({ shape: [IDS.length, V[hemi]], data }),
    );
    const all = new Int32Array(20);
    for (let v = 0; v < V[hemi]; v++) all[2 + v * 3] = 1;
    put(`subj01/roi_masks/${hemi}.all-vertices_fsaverage_space.npy`, writeNpy({ shape: [20], data: all }));
    put(
      `subj01/roi_masks/${hemi}.floc-faces_challenge_space.npy`,
      writeNpy({ shape: [V[hemi]], data: Int32Array.from({ length: V[hemi] }, (_, v) => v % 3) }),
    );
    if (noiseCeiling)
      put(
        `subj01/noise_ceiling/${hemi}_noise_ceiling.npy`,
        writeNpy({ shape: [V[hemi]], data: new Float32Array(V[hemi]).fill(0.5) }),
      );
    if (test) {
      const t = Float32Array.from(
        { length: 2 * V[hemi] },
        (_, k) => -value(Math.floor(k / V[hemi]), hemi, k % V[hemi]),
      );
      put(`subj01/test_split/test_fmri/${hemi}_test_fmri.npy`, writeNpy({ shape: [2, V[hemi]], data: t }));
    }
  }
  if (test) {
    put('subj01/test_split/test_images/test-0001_nsd-00007.png', rgbPng(4, 4, new Uint8Array(48)));
    put('subj01/test_split/test_images/test-0002_nsd-00009.png', rgbPng(4, 4, new Uint8Array(48)));
  }
  return { root, value };
}

const options = { subject: 1, imageSize: 2, appVersion: 't', created: 'c' };

describe('Algonauts 2023 layout', () => {
  it('holds out every 10th training image when test fMRI is withheld; lh columns then rh', async () => {
    const { root, value } = writeAlgonauts();
    const { files } = nodeInputs(root);
    const reports = files.map((f) => ({
      path: f.path,
      size: f.size,
      kind: recognize(f.path, f.size).type.kind,
      description: '',
    }));
    expect(inventory(files, reports).datasets).toEqual([
      {
        layout: 'algonauts',
        subject: 1,
        space: 'fsaverage',
        sessions: [],
        rois: ['floc-faces'],
        missing: [],
      },
    ]);
    const { bundle, warnings } = await buildAlgonautsBundle(files, options, silentContext);
    expect(bundle.units.count).toBe(8);
    expect(Array.from(bundle.units.index)).toEqual([2, 5, 8, 11, 14, 2, 5, 8]);
    expect(Array.from(bundle.units.hemisphere!)).toEqual([0, 0, 0, 0, 0, 1, 1, 1]);
    expect(Array.from(bundle.test.nsdIds)).toEqual([1001]);
    expect(bundle.train.nsdIds.length).toBe(11);
    expect(Array.from(bundle.test.responses)).toEqual([90, 91, 92, 93, 94, 90.5, 91.5, 92.5]);
    expect(bundle.train.responses[1 * 8 + 6]).toBe(value(1, 'rh', 1));
    expect(warnings.join(' ')).toMatch(/every 10th training image \(1\) is the test set/);
    expect(Array.from(bundle.noiseCeiling)).toEqual(new Array(8).fill(50));
    expect(bundle.rois[0]).toEqual({
      name: 'floc-faces',
      labels: Int32Array.from([0, 1, 2, 0, 1, 0, 1, 2]),
      labelNames: ['OFA', 'FFA-1', 'FFA-2', 'mTL-faces', 'aTL-faces'],
    });
    expect(Array.from(bundle.stimuli.nsdIds)).toEqual(IDS);
    expect(bundle.stimuli.images.subarray(0, 3)).toEqual(Uint8Array.from([3, 3, 3]));
  });

  it('uses the test split when its fMRI is there; unknown noise ceilings stay NaN', async () => {
    const { root } = writeAlgonauts({ test: true, noiseCeiling: false });
    const { bundle, warnings } = await buildAlgonautsBundle(nodeInputs(root).files, options, silentContext);
    expect(Array.from(bundle.test.nsdIds)).toEqual([7, 9]);
    expect(bundle.train.nsdIds.length).toBe(12);
    expect(bundle.test.responses[8]).toBe(-10);
    expect(Array.from(bundle.stimuli.nsdIds)).toEqual([3, 7, 8, 9, ...IDS.slice(2)]);
    expect(bundle.noiseCeiling.every(Number.isNaN)).toBe(true);
    expect(warnings.join(' ')).toMatch(/noise ceilings are unknown/);
  });

  it('names the file when rows and images disagree', async () => {
    const { root } = writeAlgonauts();
    rmSync(join(root, 'subj01/training_split/training_images/train-0003_nsd-00015.png'));
    await expect(buildAlgonautsBundle(nodeInputs(root).files, options, silentContext)).rejects.toThrow(
      /lh_training_fmri\.npy has 12 rows but there are 11 training images/,
    );
  });
});
