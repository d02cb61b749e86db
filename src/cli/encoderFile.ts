/**
 * An encoder file and its backbone for the CLI: the backbone is the file the encoder records, or --model;
 * either way its SHA-256 must be the one the encoder was fitted on.
 */
import { existsSync, readFileSync } from 'node:fs';
import h5wasm from 'h5wasm/node';
import { sha256Hex } from '../core/backbone/cacheKey';
import type { Encoder } from '../core/fit/encoder';
import { readEncoder } from '../core/fit/encoderHdf5';
import { initH5, openH5 } from '../core/formats/h5';
import { decodeModel, type ModelProto } from '../core/onnx/builder';
import { UsageError } from './command';

export async function readEncoderFile(path: string): Promise<Encoder> {
  const file = openH5(await initH5(h5wasm), path, 'r');
  try {
    return readEncoder(file);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    file.close();
  }
}

/** The backbone `encoder` (read from `encoderPath`) was fitted on: `modelPath` or the recorded one, hash-checked. */
export async function encoderBackbone(
  encoderPath: string,
  encoder: Encoder,
  modelPath?: string,
): Promise<ModelProto> {
  const fitted = encoder.recipe.model;
  const fittedOn = `model ${fitted.name} (sha256 ${fitted.sha256.slice(0, 12)}…)`;
  const recorded = fitted.modelPath;
  if (!modelPath && !recorded)
    throw new UsageError(
      `${encoderPath} does not record where its backbone is; pass --model with the backbone it was fitted on, ${fittedOn}`,
    );
  const path = modelPath ?? recorded!;
  if (!existsSync(path))
    throw new Error(
      modelPath
        ? `${path}: no such file`
        : `${encoderPath} was fitted on ${path}, which is not there; pass --model with the backbone it was fitted on, ${fittedOn}`,
    );
  const bytes = new Uint8Array(readFileSync(path));
  const sha256 = await sha256Hex(bytes);
  if (sha256 !== fitted.sha256)
    throw new Error(
      `${encoderPath} was fitted on ${fittedOn}; ${path} has sha256 ${sha256.slice(0, 12)}…; ` +
        'pass --model with the backbone it was fitted on',
    );
  try {
    return decodeModel(bytes);
  } catch (error) {
    throw new Error(`${path}: not an ONNX model (${(error as Error).message})`, { cause: error });
  }
}
