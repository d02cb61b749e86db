/**
 * A model's tappable layers with their per-image output shapes, and whether input gradients (dreams,
 * saliency) can be built for it. Both come from one run on a blank image with every tensor tapped
 * (ONNX files rarely declare intermediate shapes): graphFacts.ts.
 */
import type { ModelProto } from 'onnx-buf';
import { measureGraph, type GraphFacts } from '../autodiff/graphFacts';
import { buildVjp } from '../autodiff/vjp';
import { webgpuFallbacks, type Fallback } from '../autodiff/webgpuOps';
import { imageInput, listLayers, type Layer } from '../onnx/taps';
import type { Engine } from './engine';

export interface LayerRow extends Layer {
  /** Per-image shape (batch axis dropped). */
  shape: number[];
  /** Values per image. */
  size: number;
}

export type GradientSupport =
  { ok: true; backwardNodes: number; fallbacks: Fallback[] } | { ok: false; reason: string };

export interface LayerTable {
  input: { name: string; shape: (number | string)[] };
  /** The spatial side the shapes were measured at. */
  side: number;
  layers: LayerRow[];
  /** For the deepest layer: can the gradient be built, and would any backward node leave WebGPU. */
  gradients: GradientSupport;
}

function gradientSupport(model: ModelProto, facts: GraphFacts, layer: string | undefined): GradientSupport {
  if (!layer) return { ok: false, reason: 'the model has no layers' };
  try {
    const vjp = buildVjp(model, { outputs: [layer] }, facts);
    return { ok: true, backwardNodes: vjp.model.graph!.node.length, fallbacks: webgpuFallbacks(vjp.model) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

export async function layerTable(model: ModelProto, engine: Engine, side: number): Promise<LayerTable> {
  const input = imageInput(model);
  const dims = input.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : i === 1 ? 3 : side));
  const facts = await measureGraph(model, input.name, dims, engine);
  const layers = listLayers(model).map((l) => {
    const shape = facts.shapes.get(l.name)!.slice(1);
    return { ...l, shape, size: shape.reduce((a, b) => a * b, 1) };
  });
  const floatLayers = layers.filter((l) => facts.floats.has(l.name));
  return { input, side: dims[2], layers, gradients: gradientSupport(model, facts, floatLayers.at(-1)?.name) };
}
