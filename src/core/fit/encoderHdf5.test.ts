import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import type { File as H5File, Group } from 'h5wasm';
import { writeFeatures } from '../backbone/featuresHdf5';
import { IMAGENET_PREPROCESSING } from '../backbone/preprocess';
import { writeBundle } from '../bundle/hdf5';
import { initH5 } from '../formats/h5';
import type { CvRule } from '../numerics/ridge';
import { createRng } from '../random';
import type { Encoder } from './encoder';
import { EncoderFormatError, readEncoder, writeEncoder } from './encoderHdf5';

const dir = mkdtempSync(join(tmpdir(), 'encoder-'));
beforeAll(() => initH5(h5wasm));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rng = createRng(3);
const floats = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/** An encoder using every optional field: two layers (one with PCA), per-layer fits, a control, a volume space. */
function fullEncoder(): Encoder {
  const v = 6;
  const d = 2 * 4 + 3;
  const ncNormalized = floats(v);
  ncNormalized[2] = NaN;
  const weights = floats(d * v);
  weights[0] = -0;
  return {
    subject: 'subj01',
    space: 'func1pt8mm',
    units: {
      count: v,
      index: Int32Array.from([3, 7, 8, 20, 21, 40]),
      voxels: Int32Array.from({ length: v * 3 }, (_, i) => i),
      grid: [4, 5, 6],
      affine: Float64Array.from({ length: 16 }, (_, i) => i / 3),
    },
    rois: [{ name: 'visual', labels: Int32Array.from([0, 1, 1, 2, 0, 2]), labelNames: ['V1', 'FFA'] }],
    recipe: {
      model: { name: 'm.onnx', sha256: 'ab'.repeat(32), modelPath: '/models/m.onnx' },
      preprocessing: { ...IMAGENET_PREPROCESSING, inputSize: 16, channelOrder: 'BGR' },
      pool: 2,
      choices: { percent: 37.5, pca: 3 },
      layers: [
        {
          name: 'block/act:0',
          geometry: { kind: 'grid', channels: 4, height: 7, width: 7 },
          pool: 2,
          channels: Int32Array.from([0, 3]),
          dim: 8,
        },
        {
          name: 'tokens',
          geometry: { kind: 'tokens', channels: 4, tokens: 50, side: 7 },
          pool: 2,
          channels: Int32Array.from([1]),
          dim: 3,
          pca: {
            mean: floats(4),
            components: floats(12),
            explainedVariance: Float64Array.from([3, 2, 1e-300]),
            explainedVarianceRatio: Float64Array.from([0.5, 1 / 3, 0]),
          },
        },
      ],
    },
    readout: {
      d,
      v,
      weights,
      intercept: floats(v),
      alphas: Float64Array.from([0.1, 1, 10, 100]),
      alpha: Float64Array.from([0.1, 1, 1, 10, 100, 100]),
      cv: 'kfold',
      folds: 5,
    },
    metrics: {
      testIds: Int32Array.from([0, 5, 9]),
      scores: { r: floats(v), r2: floats(v), ncNormalized },
      rois: [
        { set: 'all', label: 'all', units: 6, medianR: 0.25, medianNcNormalized: 12 },
        { set: 'streams', label: 'early', units: 1, medianR: 0, medianNcNormalized: NaN },
      ],
      layers: [
        { name: 'block/act:0', r: floats(v), medianR: 0 },
        { name: 'tokens', r: floats(v), medianR: 0.125 },
      ],
      bestLayer: Uint8Array.from([0, 1, 1, 0, 0, 1]),
      control: { medianR: -0.01, r: floats(v) },
    },
    created: '2025-01-02T03:04:05.000Z',
    appVersion: '0.1.0',
  };
}

/** The fewest fields: one layer, no PCA, no per-layer fits or control, a surface space without a model path. */
function minimalEncoder(): Encoder {
  const v = 3;
  return {
    subject: 'demo01',
    space: 'demo',
    units: { count: v, index: Int32Array.from([0, 1, 2]), hemisphere: Uint8Array.from([0, 1, 1]) },
    rois: [],
    recipe: {
      model: { name: 'm.onnx', sha256: 'cd'.repeat(32) },
      preprocessing: IMAGENET_PREPROCESSING,
      pool: 1,
      choices: { percent: 100, pca: 0 },
      layers: [
        {
          name: 'vec',
          geometry: { kind: 'vector', channels: 2 },
          pool: 1,
          channels: Int32Array.from([0, 1]),
          dim: 2,
        },
      ],
    },
    readout: {
      d: 2,
      v,
      weights: floats(2 * v),
      intercept: floats(v),
      alphas: Float64Array.from([1]),
      alpha: Float64Array.from([1, 1, 1]),
      cv: 'gcv',
      folds: 0,
    },
    metrics: {
      testIds: Int32Array.from([4, 5]),
      scores: { r: floats(v), r2: floats(v), ncNormalized: floats(v) },
      rois: [],
      layers: [],
    },
    created: '2025-01-02T03:04:05.000Z',
    appVersion: '0.1.0',
  };
}

function roundTrip(name: string, encoder: Encoder): Encoder {
  const path = join(dir, name);
  const out = new h5wasm.File(path, 'w');
  writeEncoder(out, encoder);
  out.close();
  const back = new h5wasm.File(path, 'r');
  try {
    return readEncoder(back);
  } finally {
    back.close();
  }
}

/** Every typed array in `a`, by path, as bytes. */
function arrays(a: unknown, path = ''): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  if (ArrayBuffer.isView(a)) out.set(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  else if (a && typeof a === 'object')
    for (const [k, v] of Object.entries(a)) arrays(v, `${path}/${k}`).forEach((b, p) => out.set(p, b));
  return out;
}

function expectIdentical(read: Encoder, written: Encoder) {
  expect(read).toEqual(written);
  const want = arrays(written);
  const got = arrays(read);
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [path, bytes] of want) {
    expect(got.get(path)!.constructor, path).toBe(bytes.constructor);
    expect(Buffer.from(got.get(path)!).equals(Buffer.from(bytes)), path).toBe(true);
  }
}

/** A file written by `write`, opened for reading, passed to `check`. */
function withFile(name: string, write: (f: H5File) => void, check: (f: H5File) => void) {
  const path = join(dir, name);
  const out = new h5wasm.File(path, 'w');
  write(out);
  out.close();
  const f = new h5wasm.File(path, 'r');
  try {
    check(f);
  } finally {
    f.close();
  }
}

describe('encoder HDF5', () => {
  it('reads back every field bit for bit', () => {
    const full = fullEncoder();
    const read = roundTrip('full.h5', full);
    expectIdentical(read, full);
    expect(Object.is(read.readout.weights[0], -0)).toBe(true);
    expect(read.metrics.rois[1].medianNcNormalized).toBeNaN();
    expect(read.metrics.layers[0].medianR).toBe(0);
    expect(read.recipe.choices.percent).toBe(37.5);
  });

  it('reads back an encoder without the optional fields, adding none', () => {
    const minimal = minimalEncoder();
    const read = roundTrip('minimal.h5', minimal);
    expectIdentical(read, minimal);
    expect('modelPath' in read.recipe.model).toBe(false);
    expect(read.metrics.bestLayer).toBeUndefined();
    expect(read.metrics.control).toBeUndefined();
  });

  it('lays the readout out as (features, units)', () => {
    withFile(
      'layout.h5',
      (f) => writeEncoder(f, fullEncoder()),
      (f) => {
        expect((f.get('readout/weights') as unknown as { shape: number[] }).shape).toEqual([11, 6]);
        expect(f.attrs['model_path'].value).toBe('/models/m.onnx');
      },
    );
  });

  it('names what a feature file or a bundle is instead of reading it as an encoder', () => {
    withFile(
      'features.h5',
      (f) =>
        writeFeatures(f, {
          model: { name: 'm', sha256: '00' },
          preprocessing: IMAGENET_PREPROCESSING,
          pool: 1,
          choices: { percent: 100, pca: 0 },
          nsdIds: Int32Array.from([0]),
          layers: [],
          created: 'now',
        }),
      (f) => expect(() => readEncoder(f)).toThrow(/this is a feature file .*, not an encoder/),
    );
    withFile(
      'bundle.h5',
      (f) =>
        writeBundle(f, {
          subject: 's',
          space: 'demo',
          units: { count: 1, index: Int32Array.from([0]) },
          noiseCeiling: Float32Array.from([1]),
          train: {
            responses: new Float32Array(1),
            nsdIds: Int32Array.from([0]),
            repetitions: Uint8Array.of(1),
          },
          test: {
            responses: new Float32Array(1),
            nsdIds: Int32Array.from([1]),
            repetitions: Uint8Array.of(1),
          },
          rois: [],
          stimuli: { size: 1, images: new Uint8Array(6), nsdIds: Int32Array.from([0, 1]) },
          provenance: { source: 't', appVersion: '0', created: 'now', details: {} },
        }),
      (f) => expect(() => readEncoder(f)).toThrow(/this is a subject bundle .*, not an encoder/),
    );
    withFile(
      'plain.h5',
      (f) => f.create_dataset({ name: 'x', data: Float32Array.from([1]) }),
      (f) => expect(() => readEncoder(f)).toThrow(/not a boldstudio encoder \(no format attribute\)/),
    );
  });

  it('refuses a newer format version', () => {
    withFile(
      'newer.h5',
      (f) => {
        f.create_attribute('format', 'boldstudio-encoder');
        f.create_attribute('format_version', 2);
      },
      (f) => expect(() => readEncoder(f)).toThrow(/format_version 2 was written by a newer boldstudio/),
    );
  });

  it('names a missing or wrong field', () => {
    const broken = (name: string, write: (f: H5File) => void, message: RegExp) =>
      withFile(name, write, (f) => {
        const read = () => readEncoder(f);
        expect(read).toThrow(EncoderFormatError);
        expect(read).toThrow(message);
      });
    const edited = (edit: (e: Encoder) => void) => (f: H5File) => {
      const e = fullEncoder();
      edit(e);
      writeEncoder(f, e);
    };
    broken(
      'empty.h5',
      (f) => {
        f.create_attribute('format', 'boldstudio-encoder');
        f.create_attribute('format_version', 1);
        f.create_group('units');
      },
      /missing dataset \/units\/index/,
    );
    broken(
      'no-subject.h5',
      (f) => {
        writeEncoder(f, fullEncoder());
        f.delete_attribute('subject');
      },
      /missing attribute "subject" on \//,
    );
    broken(
      'no-layer-name.h5',
      (f) => {
        writeEncoder(f, fullEncoder());
        (f.get('layers/01') as Group).delete_attribute('name');
      },
      /missing attribute "name" on \/layers\/01/,
    );
    broken(
      'bad-cv.h5',
      edited((e) => (e.readout.cv = 'loo' as CvRule)),
      /"cv" on \/readout must be "gcv" or "kfold", not "loo"/,
    );
    broken(
      'short-r.h5',
      (f) => {
        writeEncoder(f, fullEncoder());
        const extra = (f.get('metrics/layers') as Group).create_group('02');
        extra.create_attribute('name', 'extra');
        extra.create_attribute('median_r', 0.5);
        extra.create_dataset({ name: 'r', data: new Float32Array(2) });
      },
      /\/metrics\/layers\/02\/r has 2 values for 6 units/,
    );
    broken(
      'short-weights.h5',
      edited((e) => {
        e.readout.weights = new Float32Array(10 * 6);
        e.readout.d = 10;
      }),
      /\/readout does not map 11 features .* to 6 units \(weights 60,/,
    );
    broken(
      'wrong-type.h5',
      edited((e) => (e.recipe.layers[0].channels = new Float32Array(2) as unknown as Int32Array)),
      /\/layers\/00\/channels has the wrong type \(expected Int32Array\)/,
    );
    broken(
      'bad-dim.h5',
      edited((e) => (e.recipe.layers[0].dim = 5)),
      /\/layers\/00: 5 features do not follow from 2 channels × 2²/,
    );
    broken(
      'bad-preprocessing.h5',
      edited((e) => (e.recipe.preprocessing = { ...e.recipe.preprocessing, inputSize: 3 })),
      /"inputSize" must be an integer 8..2048/,
    );
  });
});
