/**
 * `boldstudio vjp --model M.onnx --input X.npy --output NAME --cotangent C.npy [--output … --cotangent …] --out G.npy`:
 * the gradient d(Σ NAME·C)/d(input) through the model, summed over the given outputs, as float32 .npy.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { prepareVjp, runVjp } from '../../core/autodiff/gradient';
import { readNpy, writeNpy, type NpyArray } from '../../core/formats/npy';
import { UsageError, type Command } from '../command';
import { readModelFile } from '../modelFile';
import { nodeEngine } from '../nodeEngine';

function readFloat(path: string): NpyArray & { data: Float32Array } {
  let array;
  try {
    array = readNpy(readFileSync(path));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`, { cause: error });
  }
  if (array.data instanceof BigInt64Array) throw new Error(`${path}: int64 data; the gradient needs floats`);
  return { shape: array.shape, data: Float32Array.from(array.data as ArrayLike<number>) };
}

export const vjpCommand: Command = {
  name: 'vjp',
  summary: 'write the input gradient of Σ output·cotangent through an ONNX model (.npy)',
  usage:
    'boldstudio vjp --model M.onnx --input X.npy --output NAME --cotangent C.npy [--output NAME --cotangent C.npy …] --out G.npy',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        input: { type: 'string' },
        output: { type: 'string', multiple: true },
        cotangent: { type: 'string', multiple: true },
        out: { type: 'string' },
      },
    });
    for (const need of ['model', 'input', 'out'] as const)
      if (!values[need]) throw new UsageError(`--${need} is required`);
    const outputs = values.output ?? [];
    const cotangentPaths = values.cotangent ?? [];
    if (outputs.length === 0) throw new UsageError('--output NAME is required (one or more)');
    if (outputs.length !== cotangentPaths.length)
      throw new UsageError(
        `give one --cotangent per --output (${outputs.length} outputs, ${cotangentPaths.length} cotangents)`,
      );

    const { model } = readModelFile(values.model!);
    const input = readFloat(values.input!);
    const engine = nodeEngine();
    const prepared = await prepareVjp(model, outputs, input.shape, engine).catch((error: Error) => {
      throw new Error(`${values.model}: ${error.message}`, { cause: error });
    });
    const cotangents = cotangentPaths.map((path, i) => {
      const c = readFloat(path);
      const want = prepared.outputDims[i];
      if (c.shape.join() !== want.join())
        throw new Error(
          `${path}: shape (${c.shape.join(', ')}) does not match output "${outputs[i]}" (${want.join(', ')})`,
        );
      return c.data;
    });
    const { gradient } = await runVjp(prepared, input.data, cotangents, engine);
    writeFileSync(values.out!, writeNpy({ shape: input.shape, data: gradient }));
    console.log(`wrote ${values.out}: gradient (${input.shape.join(', ')}) of ${outputs.join(' + ')}`);
    for (const f of prepared.fallbacks)
      console.log(`  note: on WebGPU, ${f.op} node "${f.node}" would run on the CPU (${f.reason})`);
    return 0;
  },
};
