/** `boldstudio layers --model M.onnx`: the model's tappable layers with their output shapes. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-web';
import { decodeModel, encodeModel } from '../../core/onnx/builder';
import { imageInput, listLayers, tapModel } from '../../core/onnx/taps';
import { UsageError, type Command } from '../command';

export const layersCommand: Command = {
  name: 'layers',
  summary: 'list the layers of an ONNX image model that can be tapped, with their shapes',
  usage: 'boldstudio layers --model M.onnx [--size 224] [--json]',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: { model: { type: 'string' }, size: { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.model) throw new UsageError('--model M.onnx is required');
    const size = Number(values.size ?? '224');
    let model;
    try {
      model = decodeModel(readFileSync(values.model));
    } catch (error) {
      throw new Error(`${values.model}: not an ONNX model (${(error as Error).message})`, { cause: error });
    }
    const input = imageInput(model);
    const layers = listLayers(model);
    // Shapes come from running the model once on a blank image (symbolic dims: batch 1, side --size).
    const shape = input.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : i === 1 ? 3 : size));
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(
      encodeModel(
        tapModel(
          model,
          layers.map((l) => l.name),
        ),
      ),
      {
        executionProviders: ['wasm'],
      },
    );
    const blank = new ort.Tensor('float32', new Float32Array(shape.reduce((a, b) => a * b, 1)), shape);
    const out = await session.run({ [input.name]: blank });
    const rows = layers.map((l) => ({
      ...l,
      shape: out[l.name].dims.slice(1),
      size: out[l.name].size / shape[0],
    }));
    if (values.json) {
      console.log(JSON.stringify({ input: { name: input.name, shape: input.shape }, layers: rows }, null, 2));
      return 0;
    }
    const width = Math.max(...rows.map((r) => r.name.length));
    console.log(
      `input ${input.name} (${input.shape.join(', ')}); shapes per image at ${shape.slice(2).join('×')}`,
    );
    for (const r of rows)
      console.log(
        `${r.name.padEnd(width)}  ${r.op.padEnd(18)} (${r.shape.join(', ')})  ${r.size.toLocaleString()}`,
      );
    return 0;
  },
};
