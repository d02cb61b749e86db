import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import * as ortNode from 'onnxruntime-node';
import { sha256Hex } from '../core/backbone/cacheKey';
import { floatValues } from '../core/backbone/engine';
import { IMAGENET_PREPROCESSING } from '../core/backbone/preprocess';
import type { Encoder } from '../core/fit/encoder';
import { writeEncoder } from '../core/fit/encoderHdf5';
import { encoderModel } from '../core/fit/encoderOnnx';
import { initH5 } from '../core/formats/h5';
import { encodeModel } from '../core/onnx/builder';
import { createRng } from '../core/random';
import { wasmEngine } from '../core/testing/gradcheck';
import { tapTestModel } from '../core/testing/tinyModel';

const run = promisify(execFile);
const bin = new URL('./boldstudio.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'export-onnx', ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const SIDE = 8;
const UNITS = 4;
const backbone = tapTestModel(SIDE);
const modelPath = join(dir, 'taps.onnx');

/** An encoder on tapTestModel: `act` pooled 2 × 2 (channels 0 and 2), `vec` (channels 1 and 3), random readout. */
function tapsEncoder(sha256: string, recordedPath?: string): Encoder {
  const rng = createRng(4);
  const d = 2 * 4 + 2;
  return {
    subject: 'subj02',
    space: 'func1pt8mm',
    units: { count: UNITS, index: Int32Array.from([5, 6, 9, 12]) },
    rois: [{ name: 'visual', labels: Int32Array.from([1, 1, 0, 2]), labelNames: ['V1', 'FFA'] }],
    recipe: {
      model: { name: 'taps.onnx', sha256, ...(recordedPath && { modelPath: recordedPath }) },
      preprocessing: { ...IMAGENET_PREPROCESSING, inputSize: SIDE },
      pool: 2,
      choices: { percent: 50, pca: 0 },
      layers: [
        {
          name: 'act',
          geometry: { kind: 'grid', channels: 4, height: SIDE, width: SIDE },
          pool: 2,
          channels: Int32Array.from([0, 2]),
          dim: 8,
        },
        {
          name: 'vec',
          geometry: { kind: 'vector', channels: 4 },
          pool: 1,
          channels: Int32Array.from([1, 3]),
          dim: 2,
        },
      ],
    },
    readout: {
      d,
      v: UNITS,
      weights: Float32Array.from({ length: d * UNITS }, () => rng.normal()),
      intercept: Float32Array.from({ length: UNITS }, () => rng.normal()),
      alphas: Float64Array.of(1, 10),
      alpha: Float64Array.of(1, 10, 10, 1),
      cv: 'gcv',
      folds: 0,
    },
    metrics: {
      testIds: Int32Array.of(0, 1),
      scores: {
        r: new Float32Array(UNITS),
        r2: new Float32Array(UNITS),
        ncNormalized: new Float32Array(UNITS),
      },
      rois: [],
      layers: [],
    },
    created: '2025-01-01T00:00:00.000Z',
    appVersion: '0.1.0',
  };
}

async function writeEncoderFile(name: string, encoder: Encoder): Promise<string> {
  const lib = await initH5(h5wasm);
  const path = join(dir, name);
  const file = new lib.File(path, 'w');
  writeEncoder(file, encoder);
  file.close();
  return path;
}

let sha256 = '';
beforeAll(async () => {
  const bytes = encodeModel(backbone);
  writeFileSync(modelPath, bytes);
  sha256 = await sha256Hex(bytes);
});

describe('boldstudio export-onnx', () => {
  it('writes the encoder as one ONNX model from the backbone the encoder records', async () => {
    const encoder = tapsEncoder(sha256, modelPath);
    const path = await writeEncoderFile('encoder.h5', encoder);
    const out = join(dir, 'encoder.onnx');
    const { code, stdout, stderr } = await cli('--encoder', path, '--out', out);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}`);
    expect(stdout).toMatch(/subj02 func1pt8mm, 4 units from 10 features of taps\.onnx/);
    expect(stdout).toMatch(/act: 4×8×8 → 2 channels × 2² cells = 8 features/);

    const written = new Uint8Array(readFileSync(out));
    expect(written).toEqual(encodeModel(encoderModel(backbone, encoder)));

    const session = await ortNode.InferenceSession.create(written);
    const rng = createRng(8);
    const input = Float32Array.from({ length: 3 * 3 * SIDE * SIDE }, () => rng.next());
    const result = await session.run({ image: new ortNode.Tensor('float32', input, [3, 3, SIDE, SIDE]) });
    await session.release();
    expect(result.responses.dims).toEqual([3, UNITS]);
    const viaWasm = await wasmEngine(written, 'image');
    const expected = floatValues(await viaWasm.run(input, [3, 3, SIDE, SIDE]), 'responses');
    await viaWasm.release();
    const got = result.responses.data as Float32Array;
    got.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('takes the backbone from --model when the encoder records none', async () => {
    const path = await writeEncoderFile('no-path.h5', tapsEncoder(sha256));
    const missing = await cli('--encoder', path, '--out', join(dir, 'x.onnx'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-path\.h5 does not record where its backbone is; pass --model/);

    const copy = join(dir, 'copy.onnx');
    writeFileSync(copy, readFileSync(modelPath));
    const ok = await cli('--encoder', path, '--out', join(dir, 'from-model.onnx'), '--model', copy);
    expect(ok.code).toBe(0);
  });

  it('refuses a backbone other than the one the encoder was fitted on, naming both files', async () => {
    const path = await writeEncoderFile('mismatch.h5', tapsEncoder(sha256, modelPath));
    const other = join(dir, 'other.onnx');
    const otherBytes = encodeModel(tapTestModel(SIDE, 5));
    writeFileSync(other, otherBytes);
    const { code, stderr } = await cli('--encoder', path, '--out', join(dir, 'y.onnx'), '--model', other);
    expect(code).toBe(1);
    const otherSha = (await sha256Hex(otherBytes)).slice(0, 12);
    expect(stderr).toContain(
      `mismatch.h5 was fitted on model taps.onnx (sha256 ${sha256.slice(0, 12)}…); ${other} has sha256 ${otherSha}…; ` +
        'pass --model with the backbone it was fitted on',
    );
  });

  it('says what a file is when it is not an encoder', async () => {
    const { code, stderr } = await cli('--encoder', modelPath, '--out', join(dir, 'z.onnx'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/taps\.onnx: not an HDF5 file/);
  });
});
