import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ortNode from 'onnxruntime-node';
import type { ModelProto } from 'onnx-buf';
import { floatValues, ortEngine, type Engine } from '../backbone/engine';
import { extractFeatures, type ImageSource } from '../backbone/extract';
import { memoryCacheEntry } from '../backbone/featureCache';
import { reduceFeatures, type LayerFeatures, type ReductionChoices } from '../backbone/featureSet';
import { IMAGENET_PREPROCESSING, parsePreprocessing, type Preprocessing } from '../backbone/preprocess';
import { resizeRgb } from '../image/resize';
import { silentContext } from '../jobs/progress';
import { decodeModel, encodeModel } from '../onnx/builder';
import { createRng } from '../random';
import { relativeL2 } from '../stats';
import { wasmEngine } from '../testing/gradcheck';
import { tapTestModel } from '../testing/tinyModel';
import type { Encoder } from './encoder';
import { checkBackbone, encoderModel, EncoderExportError } from './encoderOnnx';

const nodeEngine: Engine = ortEngine(ortNode, {});
const SIDE = 8;
const CHANNELS = 6;
const IMAGES = 12;
const TRAIN = Int32Array.from({ length: 10 }, (_, i) => i);

function imageSource(count: number, size: number): ImageSource {
  const rng = createRng(9);
  const pixels = Uint8Array.from({ length: count * size * size * 3 }, () => Math.floor(rng.next() * 256));
  const frame = size * size * 3;
  return { count, size, read: async (s, n) => pixels.slice(s * frame, (s + n) * frame) };
}

/** The exported model's input: each image resized to the input size, RGB / 255, channels first. */
async function modelInput(images: ImageSource, side: number): Promise<Float32Array> {
  const pixels = await images.read(0, images.count);
  const frame = images.size * images.size * 3;
  const plane = side * side;
  const out = new Float32Array(images.count * 3 * plane);
  for (let i = 0; i < images.count; i++) {
    const rgb = resizeRgb(pixels.subarray(i * frame, (i + 1) * frame), images.size, images.size, side, side);
    for (let c = 0; c < 3; c++)
      for (let q = 0; q < plane; q++) out[(i * 3 + c) * plane + q] = rgb[q * 3 + c] / 255;
  }
  return out;
}

interface LayerPlan {
  tap: string;
  choices: ReductionChoices;
}

/** Features the studio's way (extraction on the backend, channel selection and PCA in JS), per layer. */
async function studioFeatures(
  backbone: ModelProto,
  preprocessing: Preprocessing,
  pool: number,
  plans: LayerPlan[],
  images: ImageSource,
): Promise<LayerFeatures[]> {
  const raw = await extractFeatures(
    {
      model: encodeModel(backbone),
      taps: plans.map((p) => p.tap),
      preprocessing,
      pool,
      batchSize: 5,
      key: 'test',
    },
    images,
    wasmEngine,
    memoryCacheEntry(),
    silentContext,
  );
  return plans.map((p, i) => reduceFeatures({ ...raw, layers: [raw.layers[i]] }, p.choices, TRAIN)[0]);
}

/** An encoder over these layers with random readout weights, and its predictions computed in float64 JS. */
function randomEncoder(
  layers: LayerFeatures[],
  preprocessing: Preprocessing,
  pool: number,
  units: number,
): { encoder: Encoder; predicted: Float64Array } {
  const rng = createRng(21);
  const d = layers.reduce((s, l) => s + l.dim, 0);
  const weights = Float32Array.from({ length: d * units }, () => rng.normal());
  const intercept = Float32Array.from({ length: units }, () => rng.normal());
  const predicted = new Float64Array(IMAGES * units);
  for (let i = 0; i < IMAGES; i++) {
    let f0 = 0;
    for (const l of layers) {
      for (let f = 0; f < l.dim; f++) {
        const x = l.values[i * l.dim + f];
        for (let u = 0; u < units; u++) predicted[i * units + u] += x * weights[(f0 + f) * units + u];
      }
      f0 += l.dim;
    }
    for (let u = 0; u < units; u++) predicted[i * units + u] += intercept[u];
  }
  const encoder: Encoder = {
    subject: 'subj01',
    space: 'demo',
    units: { count: units, index: Int32Array.from({ length: units }, (_, u) => u) },
    rois: [],
    recipe: {
      model: { name: 'taps-test.onnx', sha256: '00'.repeat(32) },
      preprocessing,
      pool,
      choices: { percent: 50, pca: 4 },
      layers: layers.map((l) => ({
        name: l.name,
        geometry: l.geometry,
        pool: l.pool,
        channels: l.channels,
        dim: l.dim,
        pca: l.pca,
      })),
    },
    readout: {
      d,
      v: units,
      weights,
      intercept,
      alphas: Float64Array.of(1),
      alpha: new Float64Array(units).fill(1),
      cv: 'gcv',
      folds: 0,
    },
    metrics: {
      testIds: Int32Array.of(10, 11),
      scores: {
        r: new Float32Array(units),
        r2: new Float32Array(units),
        ncNormalized: new Float32Array(units),
      },
      rois: [],
      layers: [],
    },
    created: '2025-01-01T00:00:00.000Z',
    appVersion: '0.1.0',
  };
  return { encoder, predicted };
}

async function runModel(engine: Engine, model: ModelProto, input: Float32Array, side: number) {
  const session = await engine(encodeModel(model), 'image');
  try {
    const out = await session.run(input, [IMAGES, 3, side, side]);
    return { values: floatValues(out, 'responses'), dims: out['responses'].dims };
  } finally {
    await session.release();
  }
}

/** The exported model agrees with the studio's features · weights + intercept on wasm and onnxruntime-node. */
async function expectAgreement(
  backbone: ModelProto,
  preprocessing: Preprocessing,
  pool: number,
  plans: LayerPlan[],
) {
  const images = imageSource(IMAGES, 13);
  const layers = await studioFeatures(backbone, preprocessing, pool, plans, images);
  const { encoder, predicted } = randomEncoder(layers, preprocessing, pool, 5);
  const model = encoderModel(backbone, encoder);
  await checkBackbone(backbone, encoder.recipe, wasmEngine);
  const input = await modelInput(images, preprocessing.inputSize);
  for (const engine of [wasmEngine, nodeEngine]) {
    const { values, dims } = await runModel(engine, model, input, preprocessing.inputSize);
    expect(dims).toEqual([IMAGES, 5]);
    expect(relativeL2(values, predicted)).toBeLessThan(1e-4);
  }
  return { encoder, model, layers };
}

describe('encoder as one ONNX model', () => {
  const backbone = tapTestModel(SIDE, CHANNELS);
  const plans: LayerPlan[] = [
    { tap: 'act', choices: { percent: 50, pca: 0 } },
    { tap: 'tokens', choices: { percent: 70, pca: 4 } },
    { tap: 'vec', choices: { percent: 100, pca: 0 } },
  ];

  it('predicts what the studio predicts: pooled grid, tokens with PCA, a vector', async () => {
    const preprocessing = { ...IMAGENET_PREPROCESSING, inputSize: SIDE };
    const { layers } = await expectAgreement(backbone, preprocessing, 2, plans);
    expect(layers.map((l) => [l.channels.length, l.pool, l.dim, !!l.pca])).toEqual([
      [3, 2, 12, false],
      [4, 2, 4, true],
      [6, 1, 6, false],
    ]);
  });

  it('applies BGR channel order and the recipe mean and std', async () => {
    const preprocessing: Preprocessing = {
      inputSize: SIDE,
      mean: [0.2, 0.5, 0.7],
      std: [0.1, 0.3, 0.6],
      channelOrder: 'BGR',
    };
    await expectAgreement(backbone, preprocessing, 3, plans.slice(0, 2));
  });

  it('declares its input and output, records what it is, and keeps only what the output needs', async () => {
    const preprocessing = { ...IMAGENET_PREPROCESSING, inputSize: SIDE };
    const { encoder, model } = await expectAgreement(backbone, preprocessing, 2, plans.slice(0, 1));
    const graph = model.graph!;
    expect(graph.input.map((i) => i.name)).toEqual(['image']);
    expect(graph.output.map((o) => o.name)).toEqual(['responses']);
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
    expect(meta).toMatchObject({
      format: 'boldstudio-encoder',
      subject: 'subj01',
      units: '5',
      layers: 'act',
      model_sha256: encoder.recipe.model.sha256,
    });
    // `act` is the first tap: the token and vector branches and their constants are gone.
    expect(graph.node.map((n) => n.opType)).not.toContain('GlobalAveragePool');
    expect(graph.initializer.map((t) => t.name)).not.toContain('flat');
    // Encoded and decoded, the model is unchanged (the CLI writes these bytes).
    expect(encodeModel(decodeModel(encodeModel(model)))).toEqual(encodeModel(model));
  });

  it('refuses a backbone without the taps, or with taps of another shape', async () => {
    const preprocessing = { ...IMAGENET_PREPROCESSING, inputSize: SIDE };
    const layers = await studioFeatures(
      backbone,
      preprocessing,
      2,
      plans.slice(0, 1),
      imageSource(IMAGES, 8),
    );
    const { encoder } = randomEncoder(layers, preprocessing, 2, 3);
    const renamed = {
      ...encoder,
      recipe: { ...encoder.recipe, layers: [{ ...encoder.recipe.layers[0], name: 'nope' }] },
    };
    expect(() => encoderModel(backbone, renamed)).toThrow(EncoderExportError);
    expect(() => encoderModel(backbone, renamed)).toThrow(
      /the backbone has no layer "nope", which the encoder reads/,
    );
    await expect(checkBackbone(backbone, renamed.recipe, wasmEngine)).rejects.toThrow(/no layer "nope"/);

    const wider = tapTestModel(SIDE, CHANNELS + 1);
    await expect(checkBackbone(wider, encoder.recipe, wasmEngine)).rejects.toThrow(
      /layer "act" is 7×8×8 in this backbone; the encoder was fitted on 6×8×8/,
    );
    const smaller = {
      ...encoder,
      recipe: { ...encoder.recipe, preprocessing: { ...preprocessing, inputSize: 9 } },
    };
    await expect(checkBackbone(backbone, smaller.recipe, wasmEngine)).rejects.toThrow(
      /input "image" is fixed at 8×8 but the encoder was fitted at 9/,
    );

    const short = { ...encoder, readout: { ...encoder.readout, d: 5 } };
    expect(() => encoderModel(backbone, short)).toThrow(
      /the readout maps 5 features to 3 units; the recipe makes 12/,
    );
  });
});

const DEMO = new URL('../../../public/models/mobilenet-v2-nsfwjs.onnx', import.meta.url).pathname;
const demoPresent = existsSync(DEMO);
if (!demoPresent)
  console.warn(`${DEMO} not found (npm install makes it) — skipping the demo backbone export test`);

describe.skipIf(!demoPresent)('encoder on the demo backbone', () => {
  it('predicts what the studio predicts through MobileNetV2', async () => {
    const backbone = decodeModel(new Uint8Array(readFileSync(DEMO)));
    const preprocessing = parsePreprocessing(JSON.parse(readFileSync(`${DEMO}.json`, 'utf8')));
    await expectAgreement(backbone, preprocessing, 2, [
      { tap: 'block_5_add', choices: { percent: 25, pca: 0 } },
      { tap: 'out_relu', choices: { percent: 10, pca: 5 } },
    ]);
  });
});
