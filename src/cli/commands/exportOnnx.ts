/**
 * `boldstudio export-onnx --encoder encoder.h5 --out encoder.onnx [--model M.onnx]`: a fitted encoder as one
 * ONNX model (preprocessing, backbone, reduction and readout). The backbone is the file the encoder records,
 * or --model; either way its SHA-256 must be the one the encoder was fitted on.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { sha256Hex } from '../../core/backbone/cacheKey';
import { describeGeometry } from '../../core/backbone/geometry';
import { readEncoder } from '../../core/fit/encoderHdf5';
import { checkBackbone, encoderModel } from '../../core/fit/encoderOnnx';
import { initH5, openH5 } from '../../core/formats/h5';
import { decodeModel, encodeModel } from '../../core/onnx/builder';
import { UsageError, type Command } from '../command';
import { nodeEngine } from '../nodeEngine';

async function readEncoderFile(path: string) {
  const file = openH5(await initH5(h5wasm), path, 'r');
  try {
    return readEncoder(file);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    file.close();
  }
}

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

export const exportOnnxCommand: Command = {
  name: 'export-onnx',
  summary: 'export a fitted encoder (backbone, reduction and readout) as one ONNX model',
  usage: 'boldstudio export-onnx --encoder encoder.h5 --out encoder.onnx [--model M.onnx]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { encoder: { type: 'string' }, out: { type: 'string' }, model: { type: 'string' } },
    });
    for (const need of ['encoder', 'out'] as const)
      if (!values[need]) throw new UsageError(`--${need} is required`);
    const encoderPath = values.encoder!;
    const encoder = await readEncoderFile(resolve(encoderPath));
    const fitted = encoder.recipe.model;
    const fittedOn = `model ${fitted.name} (sha256 ${fitted.sha256.slice(0, 12)}…)`;
    const recorded = fitted.modelPath;
    if (!values.model && !recorded)
      throw new UsageError(
        `${encoderPath} does not record where its backbone is; pass --model with the backbone it was fitted on, ${fittedOn}`,
      );
    const modelPath = values.model ?? recorded!;
    if (!existsSync(modelPath))
      throw new Error(
        values.model
          ? `${modelPath}: no such file`
          : `${encoderPath} was fitted on ${modelPath}, which is not there; pass --model with the backbone it was fitted on, ${fittedOn}`,
      );
    const bytes = new Uint8Array(readFileSync(modelPath));
    const sha256 = await sha256Hex(bytes);
    if (sha256 !== fitted.sha256)
      throw new Error(
        `${encoderPath} was fitted on ${fittedOn}; ${modelPath} has sha256 ${sha256.slice(0, 12)}…; ` +
          'pass --model with the backbone it was fitted on',
      );
    let backbone;
    try {
      backbone = decodeModel(bytes);
    } catch (error) {
      throw new Error(`${modelPath}: not an ONNX model (${(error as Error).message})`, { cause: error });
    }
    await checkBackbone(backbone, encoder.recipe, nodeEngine());
    const onnx = encodeModel(encoderModel(backbone, encoder));
    const out = resolve(values.out!);
    writeFileSync(out, onnx);

    const size = encoder.recipe.preprocessing.inputSize;
    console.log(
      `wrote ${out} (${megabytes(onnx.length)}): ${encoder.subject} ${encoder.space}, ${encoder.units.count} units ` +
        `from ${encoder.readout.d} features of ${fitted.name}`,
    );
    console.log(
      `  input "image": (batch, 3, ${size}, ${size}), RGB pixel values / 255, resized to ${size}×${size}`,
    );
    console.log(`  output "responses": (batch, ${encoder.units.count})`);
    for (const l of encoder.recipe.layers)
      console.log(
        `  ${l.name}: ${describeGeometry(l.geometry)} → ${l.channels.length} channels × ${l.pool}² cells` +
          (l.pca ? ` → ${l.dim} PCA components` : '') +
          ` = ${l.dim} features`,
      );
    return 0;
  },
};
