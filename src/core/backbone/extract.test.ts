import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-web';
import { CancelledError, createJobContext, silentContext } from '../jobs/progress';
import { encodeModel } from '../onnx/builder';
import { tapModel } from '../onnx/taps';
import { createRng } from '../random';
import { tapTestModel } from '../testing/tinyModel';
import { floatValues, ortEngine, type Engine } from './engine';
import { extractFeatures, type ExtractionRequest, type ImageSource } from './extract';
import { memoryCacheEntry } from './featureCache';
import { IMAGENET_PREPROCESSING, preprocessImages } from './preprocess';
import { poolCells } from './reductionGraph';

ort.env.wasm.numThreads = 1;
const wasm = ortEngine(ort, { executionProviders: ['wasm'] });
const SIDE = 7;
const SIZE = 10;

function imageSource(count: number): ImageSource {
  const rng = createRng(5);
  const pixels = Uint8Array.from({ length: count * SIZE * SIZE * 3 }, () => Math.floor(rng.next() * 256));
  const frame = SIZE * SIZE * 3;
  return { count, size: SIZE, read: async (s, n) => pixels.slice(s * frame, (s + n) * frame) };
}

function request(taps: string[], pool: number): ExtractionRequest {
  return {
    model: encodeModel(tapTestModel(SIDE)),
    taps,
    preprocessing: { ...IMAGENET_PREPROCESSING, inputSize: SIDE },
    pool,
    batchSize: 4,
    key: `test-${taps.join()}-${pool}`,
  };
}

/** Reference: raw activations from the tapped model, pooled here in plain JS. */
async function reference(images: ImageSource) {
  const pixels = await images.read(0, images.count);
  const input = preprocessImages(pixels, SIZE, { ...IMAGENET_PREPROCESSING, inputSize: SIDE });
  const tapped = await wasm(encodeModel(tapModel(tapTestModel(SIDE), ['act'])), 'image');
  const out = await tapped.run(input, [images.count, 3, SIDE, SIDE]);
  await tapped.release();
  return floatValues(out, 'act');
}

function poolRef(act: Float32Array, image: number, channel: number, k: number): number[] {
  const plane = SIDE * SIDE;
  const base = (image * 4 + channel) * plane;
  const cells = poolCells(SIDE, k);
  const out: number[] = [];
  for (const [y0, y1] of cells)
    for (const [x0, x1] of cells) {
      let s = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) s += act[base + y * SIDE + x];
      out.push(s / ((y1 - y0) * (x1 - x0)));
    }
  return out;
}

function counting(engine: Engine) {
  const calls = { opened: 0, batches: 0 };
  const wrapped: Engine = async (model, input) => {
    calls.opened++;
    const s = await engine(model, input);
    return { run: (x, d) => (calls.batches++, s.run(x, d)), release: () => s.release() };
  };
  return { engine: wrapped, calls };
}

describe('feature extraction', () => {
  it('reduces every tap geometry on the backend exactly like adaptive average pooling', async () => {
    const images = imageSource(6);
    const act = await reference(images);
    const raw = await extractFeatures(
      request(['act', 'tokens', 'vec'], 3),
      images,
      wasm,
      memoryCacheEntry(),
      silentContext,
    );
    const [grid, tokens, vec] = raw.layers;
    expect(grid.geometry).toEqual({ kind: 'grid', channels: 4, height: SIDE, width: SIDE });
    expect(tokens.geometry).toEqual({ kind: 'tokens', channels: 4, tokens: SIDE * SIDE, side: SIDE });
    expect(vec.geometry).toEqual({ kind: 'vector', channels: 4 });
    expect([grid.rowLength, tokens.rowLength, vec.rowLength]).toEqual([4 * 10, 4 * 10, 4]);
    for (let i = 0; i < 6; i++) {
      for (let c = 0; c < 4; c++) {
        const mean = poolRef(act, i, c, 1)[0];
        const cells = poolRef(act, i, c, 3);
        for (const layer of [grid, tokens]) {
          const row = layer.rows.subarray(i * layer.rowLength, (i + 1) * layer.rowLength);
          expect(row[c]).toBeCloseTo(mean, 5);
          cells.forEach((v, j) => expect(row[4 + c * 9 + j]).toBeCloseTo(v, 5));
        }
        expect(vec.rows[i * 4 + c]).toBeCloseTo(mean, 5);
      }
    }
  });

  it('serves a second run from the cache without opening the model', async () => {
    const images = imageSource(9);
    const entry = memoryCacheEntry();
    const first = counting(wasm);
    const a = await extractFeatures(request(['act'], 2), images, first.engine, entry, silentContext);
    expect(a.cachedImages).toBe(0);
    expect(first.calls.batches).toBe(1 + 3); // probe, then ceil(9 / 4) batches
    const second = counting(wasm);
    const b = await extractFeatures(request(['act'], 2), images, second.engine, entry, silentContext);
    expect(second.calls.opened).toBe(0);
    expect(b.cachedImages).toBe(9);
    expect(b.layers[0].rows).toEqual(a.layers[0].rows);
  });

  it('resumes a cancelled run at its first missing image', async () => {
    const images = imageSource(10);
    const entry = memoryCacheEntry();
    let checkpoints = 0;
    const cancelAfterTwoBatches = createJobContext({ isCancelled: () => ++checkpoints > 2 });
    await expect(
      extractFeatures(request(['act', 'vec'], 2), images, wasm, entry, cancelAfterTwoBatches),
    ).rejects.toBeInstanceOf(CancelledError);
    expect((await entry.meta())?.done).toBe(8);
    const resumed = counting(wasm);
    const raw = await extractFeatures(
      request(['act', 'vec'], 2),
      images,
      resumed.engine,
      entry,
      silentContext,
    );
    expect(raw.cachedImages).toBe(8);
    expect(resumed.calls.batches).toBe(1);
    const fresh = await extractFeatures(
      request(['act', 'vec'], 2),
      images,
      wasm,
      memoryCacheEntry(),
      silentContext,
    );
    raw.layers.forEach((l, i) => expect(l.rows).toEqual(fresh.layers[i].rows));
  });

  it('pads the last batch when the model fixes its batch size', async () => {
    const model = tapTestModel(SIDE);
    model.graph!.input[0] = (await import('../onnx/builder')).tensorInfo('image', [3, 3, SIDE, SIDE]);
    const images = imageSource(5);
    const raw = await extractFeatures(
      { ...request(['vec'], 1), model: encodeModel(model) },
      images,
      wasm,
      memoryCacheEntry(),
      silentContext,
    );
    const free = await extractFeatures(request(['vec'], 1), images, wasm, memoryCacheEntry(), silentContext);
    expect(raw.layers[0].rows).toEqual(free.layers[0].rows);
  });

  it('names the problem with models that cannot be used', async () => {
    const images = imageSource(2);
    const run = (r: ExtractionRequest) => extractFeatures(r, images, wasm, memoryCacheEntry(), silentContext);
    await expect(
      run({ ...request(['act'], 1), model: new TextEncoder().encode('not a model at all') }),
    ).rejects.toThrow(/not an ONNX model/);
    await expect(run(request(['nope'], 1))).rejects.toThrow(/no layer named "nope"/);
    await expect(
      run({ ...request(['act'], 1), preprocessing: { ...IMAGENET_PREPROCESSING, inputSize: 9 } }),
    ).rejects.toThrow(/fixed at 7×7 .* set inputSize to 7/);
  });
});
