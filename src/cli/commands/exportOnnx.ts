/**
 * `boldstudio export-onnx --encoder encoder.h5 --out encoder.onnx [--model M.onnx]`: a fitted encoder as one
 * ONNX model (preprocessing, backbone, reduction and readout). The backbone is the file the encoder records,
 * or --model; either way its SHA-256 must be the one the encoder was fitted on.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { describeGeometry } from '../../core/backbone/geometry';
import { checkBackbone, encoderModel } from '../../core/fit/encoderOnnx';
import { encodeModel } from '../../core/onnx/builder';
import { UsageError, type Command } from '../command';
import { encoderBackbone, readEncoderFile } from '../encoderFile';
import { nodeEngine } from '../nodeEngine';

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
    const backbone = await encoderBackbone(encoderPath, encoder, values.model);
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
