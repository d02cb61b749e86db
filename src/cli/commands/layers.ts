/** `boldstudio layers --model M.onnx`: the model's tappable layers with their output shapes. */
import { parseArgs } from 'node:util';
import { layerTable } from '../../core/backbone/layerTable';
import { UsageError, type Command } from '../command';
import { readModelFile } from '../modelFile';
import { nodeEngine } from '../nodeEngine';

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
    const file = readModelFile(values.model);
    // Symbolic spatial dims are measured at --size, else at the sidecar's input size.
    const side = Number(values.size ?? file.preprocessing.inputSize);
    if (!Number.isInteger(side) || side < 1)
      throw new UsageError(`--size must be a positive integer, got "${values.size}"`);
    const table = await layerTable(file.model, nodeEngine(), side);
    if (values.json) {
      console.log(JSON.stringify(table, null, 2));
      return 0;
    }
    const width = Math.max(...table.layers.map((r) => r.name.length));
    console.log(
      `input ${table.input.name} (${table.input.shape.join(', ')}); shapes per image at ${table.side}×${table.side}`,
    );
    for (const r of table.layers)
      console.log(
        `${r.name.padEnd(width)}  ${r.op.padEnd(18)} (${r.shape.join(', ')})  ${r.size.toLocaleString()}`,
      );
    const g = table.gradients;
    console.log(
      g.ok
        ? `input gradients: yes (${g.backwardNodes} nodes for the deepest layer; ${g.fallbacks.length ? `${g.fallbacks.length} would run on the CPU under WebGPU: ${g.fallbacks.map((f) => f.op).join(', ')}` : 'all on WebGPU'})`
        : `input gradients: no — ${g.reason}`,
    );
    return 0;
  },
};
