import { describe, expect, it } from 'vitest';
import { IMAGENET_PREPROCESSING } from '../backbone/preprocess';
import type { Encoder } from './encoder';
import { encoderFileName, roiBestLayers, summarizeEncoder } from './summary';

const units = 4;
const encoder: Encoder = {
  subject: 'subj01',
  space: 'nativesurface',
  units: { count: units, index: Int32Array.from([0, 1, 2, 3]), hemisphere: new Uint8Array(units) },
  rois: [],
  recipe: {
    model: { name: 'MobileNetV2 (ImageNet-pretrained)', sha256: 'ab'.repeat(32) },
    preprocessing: IMAGENET_PREPROCESSING,
    pool: 2,
    choices: { percent: 25, pca: 0 },
    layers: [
      {
        name: 'early',
        geometry: { kind: 'vector', channels: 2 },
        pool: 1,
        channels: Int32Array.from([0, 1]),
        dim: 2,
      },
      {
        name: 'late',
        geometry: { kind: 'vector', channels: 3 },
        pool: 1,
        channels: Int32Array.from([0, 1, 2]),
        dim: 3,
      },
    ],
  },
  readout: {
    d: 5,
    v: units,
    weights: new Float32Array(5 * units),
    intercept: new Float32Array(units),
    alphas: Float64Array.from([1, 10]),
    alpha: Float64Array.from([1, 1, 10, 10]),
    cv: 'kfold',
    folds: 5,
  },
  metrics: {
    testIds: Int32Array.from([7, 8, 9]),
    scores: {
      r: Float32Array.from([0.1, 0.2, 0.3, 0.5]),
      r2: new Float32Array(units),
      ncNormalized: Float32Array.from([10, NaN, 30, 50]),
    },
    rois: [
      { set: 'all', label: 'all', units: 4, medianR: 0.25, medianNcNormalized: 30 },
      { set: 'visual', label: 'V1', units: 2, medianR: 0.15, medianNcNormalized: 10 },
    ],
    layers: [
      { name: 'early', r: Float32Array.from([0.1, 0.2, 0, 0]), medianR: 0.05 },
      { name: 'late', r: Float32Array.from([0, 0, 0.3, 0.4]), medianR: 0.15 },
    ],
    bestLayer: Uint8Array.from([0, 0, 1, 1]),
    control: { medianR: -0.01, r: new Float32Array(units) },
  },
  created: '2026-03-04T05:06:07.890Z',
  appVersion: '0.1.0',
};

describe('summarizeEncoder', () => {
  it('keeps the maps and summaries, not the readout weights', () => {
    const s = summarizeEncoder(encoder);
    expect(s).not.toHaveProperty('readout');
    expect(s).toMatchObject({ subject: 'subj01', d: 5, v: 4, cv: 'kfold', folds: 5, testImages: 3 });
    expect(s.medianR).toBeCloseTo(0.25, 6);
    expect(s.medianNcNormalized).toBe(30); // NaN (no noise ceiling) left out
    expect(s.rois.map((r) => r.label)).toEqual(['V1']);
    expect(s.controlMedianR).toBe(-0.01);
    expect(s.layers.map((l) => [l.name, l.dim, l.medianR, l.bestShare])).toEqual([
      ['early', 2, 0.05, 0.5],
      ['late', 3, 0.15, 0.5],
    ]);
  });

  it('leaves per-layer numbers out when the layers were not fitted alone', () => {
    const single = { ...encoder, metrics: { ...encoder.metrics, layers: [], bestLayer: undefined } };
    const s = summarizeEncoder(single);
    expect(s.layers.map((l) => [l.r, l.medianR, l.bestShare])).toEqual([
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
    ]);
  });
});

describe('encoderFileName', () => {
  it('names the subject, the model by its first word, and the time of the fit', () => {
    expect(encoderFileName(encoder)).toBe('subj01-mobilenetv2-20260304-050607.h5');
    const added = { ...encoder, recipe: { ...encoder.recipe, model: { name: 'res net.onnx', sha256: '' } } };
    expect(encoderFileName(added)).toBe('subj01-res-20260304-050607.h5');
  });
});

describe('roiBestLayers', () => {
  it('names the layer most units of each labelled ROI prefer, skipping empty labels', () => {
    const rois = [
      { name: 'visual', labels: Int32Array.from([1, 1, 2, 0]), labelNames: ['V1', 'FFA', 'PPA'] },
    ];
    expect(roiBestLayers(Uint8Array.from([0, 1, 1, 1]), ['early', 'late'], rois)).toEqual([
      { set: 'visual', label: 'V1', layer: 'early', share: 0.5 },
      { set: 'visual', label: 'FFA', layer: 'late', share: 1 },
    ]);
  });
});
