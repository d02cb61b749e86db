/**
 * Which nodes of a graph onnxruntime-web's WebGPU EP would hand to the CPU. The op list is the set both
 * WebGPU implementations (JSEP and the native EP of `onnxruntime-web/webgpu`) register for float tensors,
 * per the kernel tables summarised in the project's browser notes; ops outside it run on wasm, with a
 * GPU→CPU copy at each boundary.
 */
import type { ModelProto } from 'onnx-buf';

const WEBGPU_OPS = new Set([
  'Abs',
  'Add',
  'ArgMax',
  'ArgMin',
  'AveragePool',
  'BatchNormalization',
  'Cast',
  'Ceil',
  'Clip',
  'Concat',
  'Conv',
  'ConvTranspose',
  'Cos',
  'CumSum',
  'DepthToSpace',
  'Div',
  'Einsum',
  'Elu',
  'Equal',
  'Erf',
  'Exp',
  'Expand',
  'Flatten',
  'Floor',
  'Gather',
  'GatherElements',
  'Gemm',
  'GlobalAveragePool',
  'GlobalMaxPool',
  'Greater',
  'GreaterOrEqual',
  'HardSigmoid',
  'Identity',
  'InstanceNormalization',
  'LayerNormalization',
  'LeakyRelu',
  'Less',
  'LessOrEqual',
  'Log',
  'MatMul',
  'MaxPool',
  'Mul',
  'Neg',
  'Not',
  'Pad',
  'Pow',
  'Reciprocal',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceMax',
  'ReduceMean',
  'ReduceMin',
  'ReduceProd',
  'ReduceSum',
  'ReduceSumSquare',
  'Relu',
  'Reshape',
  'Resize',
  'Shape',
  'Sigmoid',
  'Sin',
  'Slice',
  'Softmax',
  'Split',
  'Sqrt',
  'Squeeze',
  'Sub',
  'Tanh',
  'Tile',
  'Transpose',
  'Unsqueeze',
  'Where',
]);

export interface Fallback {
  node: string;
  op: string;
  reason: string;
}

export function webgpuFallbacks(model: ModelProto): Fallback[] {
  const out: Fallback[] = [];
  for (const n of model.graph!.node) {
    const name = n.name || n.output[0];
    if (n.domain && n.domain !== 'ai.onnx')
      out.push({ node: name, op: n.opType, reason: `custom domain ${n.domain}` });
    else if (!WEBGPU_OPS.has(n.opType)) out.push({ node: name, op: n.opType, reason: 'no WebGPU kernel' });
    else if (n.opType === 'MaxPool' && n.output.length > 1 && n.output[1])
      out.push({
        node: name,
        op: n.opType,
        reason: 'WebGPU has no kernel for the Indices output of MaxPool',
      });
  }
  return out;
}
