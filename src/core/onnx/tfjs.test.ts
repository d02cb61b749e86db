import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as nsfwjs from 'nsfwjs';
import * as ort from 'onnxruntime-web';
import {
  DEMO_PREPROCESSING,
  convertDemoBackbone,
  readNsfwjsMobileNetV2,
  type TfjsSource,
} from '../../../tools/demo-backbone';
import { parsePreprocessing, preprocessImages } from '../backbone/preprocess';
import { createRng } from '../random';
import { relativeL2 } from '../stats';
import { encodeModel, type ModelProto } from './builder';
import { imageInput, listLayers, tapModel } from './taps';
import { convertLayersModel, readWeights, TfjsConvertError, type TfjsModelJson } from './tfjs';

/** Runs the given tensors of an ONNX model in onnxruntime-web (wasm), input NCHW. */
async function runOnnx(model: ModelProto, names: string[], x: Float32Array, shape: number[]) {
  const session = await ort.InferenceSession.create(encodeModel(tapModel(model, names)), {
    executionProviders: ['wasm'],
  });
  const out = await session.run({ image: new ort.Tensor('float32', x, shape) });
  return new Map(names.map((n) => [n, { data: out[n].data as Float32Array, dims: [...out[n].dims] }]));
}

/** NHWC → NCHW (2-D tensors pass through). */
function toNchw(t: tf.Tensor): Float32Array {
  const data = t.dataSync() as Float32Array;
  if (t.rank !== 4) return data;
  const [n, h, w, c] = t.shape;
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
  return out;
}

/** Our ONNX against tfjs, tensor by tensor: relative L2 error and max |difference| / max |reference|. */
function agreement(ours: Float32Array, reference: Float32Array) {
  let diff = 0;
  let scale = 0;
  reference.forEach((r, i) => {
    diff = Math.max(diff, Math.abs(ours[i] - r));
    scale = Math.max(scale, Math.abs(r));
  });
  return { l2: relativeL2(ours, reference), max: diff / scale };
}

/** Smooth colour patterns (gradients, waves, a disc): enough structure to light up a CNN, no files. */
function proceduralImages(count: number, size: number): Uint8Array {
  const out = new Uint8Array(count * size * size * 3);
  for (let i = 0; i < count; i++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const u = x / size;
        const v = y / size;
        const disc = (u - 0.3 - 0.2 * i) ** 2 + (v - 0.6) ** 2 < 0.04 ? 1 : 0;
        const rgb = [
          0.5 + 0.5 * Math.sin(2 * Math.PI * (u * (i + 1) + v)),
          0.5 + 0.5 * Math.cos(2 * Math.PI * (v * (2 + i) - u * 0.5)),
          (u + v) / 2,
        ];
        rgb.forEach((c, k) => {
          out[((i * size + y) * size + x) * 3 + k] = Math.round(255 * (disc ? 1 - c : c));
        });
      }
    }
  }
  return out;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tfjs weights', () => {
  it('reads float32 and dequantises uint8 / uint16 (value = q · scale + min)', () => {
    const bytes = new Uint8Array(4 + 2 + 4 * 2);
    const view = new DataView(bytes.buffer);
    view.setFloat32(0, -1.5, true);
    bytes.set([0, 255], 4);
    view.setUint16(6, 0, true);
    view.setUint16(8, 1000, true);
    view.setUint16(10, 65535, true);
    view.setUint16(12, 7, true);
    const weights = readWeights(
      [
        { name: 'f', shape: [1], dtype: 'float32' },
        { name: 'q8', shape: [2], dtype: 'float32', quantization: { dtype: 'uint8', min: -1, scale: 0.01 } },
        {
          name: 'q16',
          shape: [2, 2],
          dtype: 'float32',
          quantization: { dtype: 'uint16', min: 2, scale: 0.5 },
        },
      ],
      bytes,
    );
    expect(Array.from(weights.get('f')!.values)).toEqual([-1.5]);
    expect(Array.from(weights.get('q8')!.values)).toEqual([-1, Math.fround(1.55)]);
    expect(Array.from(weights.get('q16')!.values)).toEqual([2, 502, 32769.5, 5.5]);
    expect(weights.get('q16')!.shape).toEqual([2, 2]);
  });

  it('refuses data that does not match the manifest', () => {
    const spec = { name: 'f', shape: [2], dtype: 'float32' };
    expect(() => readWeights([spec], new Uint8Array(4))).toThrow(/ends before/);
    expect(() => readWeights([spec], new Uint8Array(12))).toThrow(/describes 8 bytes/);
    expect(() => readWeights([{ ...spec, quantization: { dtype: 'float16' } }], new Uint8Array(4))).toThrow(
      TfjsConvertError,
    );
  });
});

/** tfjs' own serialisation of a model: what a model.json and its shards hold. */
async function serialise(model: tf.LayersModel): Promise<{ json: TfjsModelJson; data: Uint8Array }> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const { modelTopology, weightSpecs, weightData } = artifacts!;
  const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(weightData!));
  return { json: { modelTopology, weightsManifest: [{ paths: [], weights: weightSpecs! }] }, data };
}

/** Every supported layer kind, with odd sizes, asymmetric 'same' padding and non-trivial batch norms. */
function zoo(): tf.LayersModel {
  const L = tf.layers;
  const img = tf.input({ shape: [12, 12, 3], name: 'img' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  const a = apply(
    L.conv2d({ name: 'a', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }),
    img,
  );
  const pad = apply(L.zeroPadding2d({ name: 'pad', padding: 1 }), a);
  const b = apply(L.depthwiseConv2d({ name: 'b', kernelSize: 3, depthMultiplier: 2, useBias: false }), pad);
  const bnB = apply(L.batchNormalization({ name: 'bn_b' }), b);
  const reluB = apply(L.reLU({ name: 'relu_b', maxValue: 6 }), bnB);
  const c = apply(
    L.conv2d({ name: 'c', filters: 12, kernelSize: 3, dilationRate: 2, padding: 'same' }),
    reluB,
  );
  const bnC = apply(L.batchNormalization({ name: 'bn_c' }), c); // c has two readers: not folded
  const sum = apply(L.add({ name: 'sum' }), [bnC, c, reluB]);
  const act = apply(L.activation({ name: 'act', activation: 'relu6' }), sum);
  const max = apply(L.maxPooling2d({ name: 'max', poolSize: 3, strides: 2, padding: 'same' }), act);
  const avg = apply(L.averagePooling2d({ name: 'avg', poolSize: 2, strides: 1, padding: 'same' }), max);
  const whole = apply(L.averagePooling2d({ name: 'whole', poolSize: 3 }), avg);
  const flat = apply(L.flatten({ name: 'flat' }), whole);
  const gap = apply(L.globalAveragePooling2d({ name: 'gap' }), avg);
  const both = apply(L.add({ name: 'both' }), [flat, gap]);
  const hidden = apply(L.dense({ name: 'hidden', units: 8, activation: 'relu' }), both);
  const drop = apply(L.dropout({ name: 'drop', rate: 0.5 }), hidden);
  const out = apply(L.dense({ name: 'out', units: 4, activation: 'softmax', useBias: false }), drop);
  const model = tf.model({ inputs: img, outputs: out });
  const rng = createRng(3);
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[]; // weights have no unknown dimensions
      const values = Float32Array.from(
        { length: shape.reduce((p, d) => p * d, 1) },
        () => rng.normal() * 0.5,
      );
      // Variances must be positive; a spread of them makes the folding visible.
      if (w.name.includes('moving_variance')) values.forEach((v, i) => (values[i] = 0.2 + Math.abs(v)));
      return tf.tensor(values, shape);
    }),
  );
  return model;
}

describe('tfjs layers → ONNX', () => {
  it('computes every layer of a model like tfjs does', async () => {
    const keras = zoo();
    const { json, data } = await serialise(keras);
    const { model, shapes } = convertLayersModel(json, data);
    const ops = new Set(model.graph!.node.map((n) => n.opType));
    const every =
      'Add AveragePool BatchNormalization Clip Conv Flatten Gemm GlobalAveragePool MaxPool Relu Softmax';
    expect([...ops].sort()).toEqual(every.split(' '));
    // Folded: the convolution's own output is gone, the batch norm's name carries the result.
    expect(shapes.has('b')).toBe(false);
    expect(shapes.get('bn_b')).toEqual([12, 6, 6]);
    expect(shapes.get('a/linear')).toEqual([6, 6, 6]);

    const names = keras.layers.map((l) => l.name).filter((n) => shapes.has(n));
    expect(names.join(' ')).toBe('a bn_b relu_b c bn_c sum act max avg whole flat gap both hidden out');
    const x = tf.randomNormal([2, 12, 12, 3], 0, 1, 'float32', 5);
    const reference = tf.model({
      inputs: keras.inputs,
      outputs: names.map((n) => keras.getLayer(n).output as tf.SymbolicTensor),
    });
    const expected = reference.predict(x) as tf.Tensor[];
    const ours = await runOnnx(model, names, toNchw(x), [2, 3, 12, 12]);
    names.forEach((n, i) => {
      const got = ours.get(n)!;
      expect(got.dims, n).toEqual([2, ...shapes.get(n)!]);
      expect(agreement(got.data, toNchw(expected[i])).l2, n).toBeLessThan(1e-5);
    });
  });

  it('says what it cannot convert, and renames only tensors it has', async () => {
    const img = tf.input({ shape: [4, 4, 3], name: 'img' });
    const leaky = tf.layers.leakyReLU({ name: 'leaky' }).apply(img) as tf.SymbolicTensor;
    const { json, data } = await serialise(tf.model({ inputs: img, outputs: leaky }));
    expect(() => convertLayersModel(json, data)).toThrow(/leaky: LeakyReLU is not supported/);

    const padded = tf.layers.zeroPadding2d({ name: 'pad' }).apply(img) as tf.SymbolicTensor;
    const pooled = tf.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(padded) as tf.SymbolicTensor;
    const p = await serialise(tf.model({ inputs: img, outputs: pooled }));
    expect(() => convertLayersModel(p.json, p.data)).toThrow(/only convolutions absorb one/);
    const plain = tf.layers.maxPooling2d({ name: 'plain', poolSize: 2 }).apply(img) as tf.SymbolicTensor;
    const q = await serialise(tf.model({ inputs: img, outputs: plain }));
    expect(convertLayersModel(q.json, q.data, { rename: { plain: 'pooled' } }).shapes.get('pooled')).toEqual([
      3, 2, 2,
    ]);
    expect(() => convertLayersModel(q.json, q.data, { rename: { nope: 'x' } })).toThrow(
      /unknown tensor nope/,
    );

    const seq = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [3] })] });
    const s = await serialise(seq);
    expect(() => convertLayersModel(s.json, s.data)).toThrow(/only functional models/);
  });
});

describe('the demo backbone: nsfwjs MobileNetV2', () => {
  const size = DEMO_PREPROCESSING.inputSize;
  const count = 2;
  let source: TfjsSource;
  let model: ModelProto;
  let shapes: Map<string, number[]>;
  beforeAll(() => {
    source = readNsfwjsMobileNetV2();
    ({ model, shapes } = convertDemoBackbone(source));
  });

  it('has named layers to tap, made of differentiable ops that run on wasm and WebGPU', () => {
    const layers = listLayers(model);
    const names = layers.map((l) => l.name);
    for (const n of ['Conv1_relu', 'block_2_add', 'block_10_project_BN', 'block_16_project_BN', 'out_relu']) {
      expect(names).toContain(n);
    }
    expect(names.slice(-5)).toEqual(['dense_1', 'dense_2/linear', 'dense_2', 'logits', 'probabilities']);
    expect(names).not.toContain('Conv1'); // folded into bn_Conv1
    const ops = new Set(layers.map((l) => l.op));
    expect([...ops].sort()).toEqual([
      'Add',
      'Clip',
      'Conv',
      'Flatten',
      'Gemm',
      'GlobalAveragePool',
      'Relu',
      'Softmax',
    ]);
    expect(imageInput(model)).toEqual({ name: 'image', shape: ['batch', 3, size, size] });
    expect(shapes.get('Conv1_relu')).toEqual([32, 112, 112]);
    expect(shapes.get('block_2_add')).toEqual([24, 56, 56]);
    expect(shapes.get('block_5_add')).toEqual([32, 28, 28]);
    expect(shapes.get('block_12_add')).toEqual([96, 14, 14]);
    expect(shapes.get('block_15_add')).toEqual([160, 7, 7]);
    expect(shapes.get('out_relu')).toEqual([1280, 7, 7]);
    expect(shapes.get('global_pool')).toEqual([1280, 1, 1]);
    expect(shapes.get('logits')).toEqual([5]);
    expect(source.package).toMatch(/^nsfwjs@4\./);
  });

  // tfjs' pure-JS CPU backend takes ~10 s here; the margin is for a busy machine.
  it('matches the original package on the same images, in a batch of two', async () => {
    const images = proceduralImages(count, size);
    // The original: nsfwjs' own loader and inference (which divides pixels by 255).
    const nsfw = await nsfwjs.load('MobileNetV2');
    const probabilities: number[] = [];
    for (let i = 0; i < count; i++) {
      const img = tf.tensor3d(
        images.subarray(i * size * size * 3, (i + 1) * size * size * 3),
        [size, size, 3],
        'int32',
      );
      probabilities.push(...((await nsfw.infer(img).data()) as Float32Array));
      img.dispose();
    }
    // Intermediate layers of the same tfjs model, in one batch: [our name, the Keras layer].
    const taps = [
      ['block_2_add', 'block_2_add'],
      ['block_10_project_BN', 'block_10_project_BN'],
      ['out_relu', 'out_relu'],
      ['global_pool', 'average_pooling2d_1'],
    ];
    const keras = nsfw.model as tf.LayersModel;
    const inner = tf.model({
      inputs: keras.inputs,
      outputs: taps.map(([, n]) => keras.getLayer(n).output as tf.SymbolicTensor),
    });
    const batch = tf.tensor4d(images, [count, size, size, 3]).div(255);
    const expected = (inner.predict(batch) as tf.Tensor[]).map(toNchw);

    const x = preprocessImages(images, size, parsePreprocessing(DEMO_PREPROCESSING));
    const names = [...taps.map(([n]) => n), 'probabilities'];
    const ours = await runOnnx(model, names, x, [count, 3, size, size]);
    const report = names.map((n, i) => {
      const ref = n === 'probabilities' ? Float32Array.from(probabilities) : expected[i];
      const got = ours.get(n)!;
      expect(got.dims).toEqual([count, ...shapes.get(n)!]);
      return { tensor: n, ...agreement(got.data, ref) };
    });
    console.table(report);
    for (const r of report) expect(r.l2, r.tensor).toBeLessThan(1e-4);
  }, 120_000);
});
