/** Reading a backbone from disk for the CLI: the ONNX bytes and its preprocessing sidecar (`M.onnx.json`). */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { IMAGENET_PREPROCESSING, parsePreprocessing, type Preprocessing } from '../core/backbone/preprocess';
import { decodeModel, type ModelProto } from '../core/onnx/builder';

export interface ModelFile {
  /** As given on the command line. */
  path: string;
  name: string;
  bytes: Uint8Array;
  model: ModelProto;
  preprocessing: Preprocessing;
  /** Where the preprocessing came from: the sidecar's path, or the ImageNet defaults. */
  preprocessingSource: string;
}

export function readModelFile(path: string): ModelFile {
  const bytes = new Uint8Array(readFileSync(path));
  let model;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    throw new Error(`${path}: not an ONNX model (${(error as Error).message})`, { cause: error });
  }
  const sidecar = `${path}.json`;
  if (!existsSync(sidecar))
    return {
      path,
      name: basename(path),
      bytes,
      model,
      preprocessing: IMAGENET_PREPROCESSING,
      preprocessingSource: 'ImageNet defaults',
    };
  let json;
  try {
    json = JSON.parse(readFileSync(sidecar, 'utf8'));
  } catch (error) {
    throw new Error(`${sidecar}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  return {
    path,
    name: basename(path),
    bytes,
    model,
    preprocessing: parsePreprocessing(json, sidecar),
    preprocessingSource: sidecar,
  };
}
