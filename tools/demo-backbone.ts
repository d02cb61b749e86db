/**
 * Builds the demo backbone: the pretrained MobileNetV2 that the nsfwjs package ships (tfjs layers format,
 * 8-bit weights) converted to ONNX by our own converter, into public/models/ with its preprocessing
 * sidecar and an index entry. Runs at install, start and build (`tsx tools/demo-backbone.ts`), so nothing
 * is downloaded at run time; it does nothing when its outputs are newer than everything they are made from.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parsePreprocessing, type Preprocessing } from '../src/core/backbone/preprocess';
import { encodeModel } from '../src/core/onnx/builder';
import { convertLayersModel, type ConvertedModel, type TfjsModelJson } from '../src/core/onnx/tfjs';

export const DEMO_BACKBONE_FILE = 'mobilenet-v2-nsfwjs.onnx';

/** nsfwjs feeds the network pixel/255 (in [0, 1]), RGB, 224 × 224; its top blocks were fine-tuned that way. */
export const DEMO_PREPROCESSING: Preprocessing = {
  inputSize: 224,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  channelOrder: 'RGB',
};

/** Keras' generic names for the head, replaced by what they are. */
const RENAME = {
  average_pooling2d_1: 'global_pool',
  'dense_3/linear': 'logits',
  dense_3: 'probabilities',
};

const MODEL_DIR = 'mobilenet_v2';

export interface TfjsSource {
  json: TfjsModelJson;
  weightData: Uint8Array;
  /** e.g. "nsfwjs@4.3.0" */
  package: string;
  license: string;
  /** The files read, for freshness checks. */
  files: string[];
}

/**
 * nsfwjs bundles each model as CommonJS modules: model.min.js exports the parsed model.json, and each
 * shard's .min.js exports its bytes as base64.
 */
export function readNsfwjsMobileNetV2(): TfjsSource {
  const require = createRequire(import.meta.url);
  const root = join(dirname(require.resolve('nsfwjs')), '..', '..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
    license: string;
  };
  const dir = join(root, 'dist', 'models', MODEL_DIR);
  const modelFile = join(dir, 'model.min.js');
  const json = require(modelFile) as TfjsModelJson;
  const shardFiles = json.weightsManifest.flatMap((g) => g.paths).map((p) => join(dir, `${p}.min.js`));
  const shards = shardFiles.map((f) => Buffer.from(require(f) as string, 'base64'));
  return {
    json,
    weightData: new Uint8Array(Buffer.concat(shards)),
    package: `nsfwjs@${pkg.version}`,
    license: pkg.license,
    files: [modelFile, ...shardFiles],
  };
}

export function convertDemoBackbone(source: TfjsSource): ConvertedModel {
  return convertLayersModel(source.json, source.weightData, { name: 'mobilenet_v2_nsfwjs', rename: RENAME });
}

/** Writes via a temporary file, so an interrupted run never leaves a truncated model that looks fresh. */
function write(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

function main(): void {
  const outDir = fileURLToPath(new URL('../public/models/', import.meta.url));
  const outputs = [DEMO_BACKBONE_FILE, `${DEMO_BACKBONE_FILE}.json`, 'index.json'].map((f) =>
    join(outDir, f),
  );
  const source = readNsfwjsMobileNetV2();
  const code = ['../src/core/onnx/tfjs.ts', '../src/core/onnx/builder.ts', import.meta.url].map((u) =>
    fileURLToPath(new URL(u, import.meta.url)),
  );
  const newestInput = Math.max(...[...source.files, ...code].map((f) => statSync(f).mtimeMs));
  if (outputs.every((f) => existsSync(f) && statSync(f).mtimeMs > newestInput)) {
    console.log(`demo backbone: public/models/${DEMO_BACKBONE_FILE} is up to date`);
    return;
  }
  const started = performance.now();
  const { model } = convertDemoBackbone(source);
  const sidecar = parsePreprocessing(DEMO_PREPROCESSING, 'demo backbone sidecar');
  const index = [
    {
      file: DEMO_BACKBONE_FILE,
      label: 'MobileNetV2 (ImageNet-pretrained, top blocks fine-tuned by nsfwjs)',
      source: `${source.package}, dist/models/${MODEL_DIR}`,
      license: source.license,
    },
  ];
  mkdirSync(outDir, { recursive: true });
  const bytes = encodeModel(model);
  write(outputs[0], bytes);
  write(outputs[1], `${JSON.stringify(sidecar, null, 2)}\n`);
  write(outputs[2], `${JSON.stringify(index, null, 2)}\n`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `demo backbone: ${source.package} MobileNetV2 → public/models/${DEMO_BACKBONE_FILE} ` +
      `(${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${seconds} s)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
