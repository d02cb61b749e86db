import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { readBundle, writeBundle } from './hdf5';
import { initH5, openH5 } from '../formats/h5';
import type { SubjectBundle } from './types';

const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tinyBundle(): SubjectBundle {
  const units = 5;
  const ramp = (n: number, scale: number) => Float32Array.from({ length: n }, (_, i) => i * scale - 1);
  return {
    subject: 'subj99',
    space: 'demo',
    units: {
      count: units,
      index: Int32Array.from([0, 1, 2, 0, 1]),
      hemisphere: Uint8Array.from([0, 0, 0, 1, 1]),
    },
    noiseCeiling: Float32Array.from([10, 20, 30, 40, 50]),
    train: {
      responses: ramp(3 * units, 0.1),
      nsdIds: Int32Array.from([2, 3, 4]),
      repetitions: Uint8Array.from([1, 2, 1]),
    },
    test: {
      responses: ramp(2 * units, 0.2),
      nsdIds: Int32Array.from([0, 1]),
      repetitions: Uint8Array.from([3, 3]),
    },
    rois: [{ name: 'visual', labels: Int32Array.from([1, 0, 2, 2, 1]), labelNames: ['V1', 'FFA'] }],
    stimuli: {
      size: 2,
      images: Uint8Array.from({ length: 5 * 12 }, (_, i) => i),
      nsdIds: Int32Array.from([0, 1, 2, 3, 4]),
    },
    hemispheres: [
      {
        name: 'lh',
        sulc: Float32Array.from([1, -1, 0.5]),
        surfaces: { pial: { positions: ramp(9, 1), faces: Uint32Array.from([0, 1, 2]) } },
      },
    ],
    provenance: { source: 'test', appVersion: '0.0.0', created: 'fixed', details: { seed: 3 } },
  };
}

describe('subject bundle HDF5', () => {
  it('writes a file that reads back identically', async () => {
    await initH5(h5wasm);
    const path = join(dir, 'b.h5');
    const bundle = tinyBundle();
    const out = new h5wasm.File(path, 'w');
    writeBundle(out, bundle);
    out.close();

    const back = new h5wasm.File(path, 'r');
    const read = readBundle(back);
    expect((back.get('train/responses') as { shape: number[] }).shape).toEqual([3, 5]);
    back.close();
    expect(read).toEqual(bundle);
  });

  it('rejects an HDF5 file that is not a bundle, naming the problem', async () => {
    await initH5(h5wasm);
    const path = join(dir, 'other.h5');
    const f = new h5wasm.File(path, 'w');
    f.create_dataset({ name: 'x', data: Float32Array.from([1]) });
    f.close();
    const g = new h5wasm.File(path, 'r');
    expect(() => readBundle(g)).toThrow(/not a boldstudio subject bundle/);
    g.close();
  });

  it('cannot open a file that is not HDF5', async () => {
    await initH5(h5wasm);
    const path = join(dir, 'junk.h5');
    writeFileSync(path, 'not hdf5 at all');
    expect(() => openH5(h5wasm, path, 'r', 'junk.h5')).toThrow(/junk.h5: not an HDF5 file/);
  });
});
