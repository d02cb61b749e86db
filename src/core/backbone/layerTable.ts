/**
 * A model's tappable layers with their per-image output shapes, found by running the model once on a
 * blank image with every layer tapped (ONNX files rarely declare intermediate shapes).
 */
import type { ModelProto } from 'onnx-buf';
import { encodeModel } from '../onnx/builder';
import { imageInput, listLayers, type Layer } from '../onnx/taps';
import { tapModel } from '../onnx/taps';
import type { Engine } from './engine';

export interface LayerRow extends Layer {
  /** Per-image shape (batch axis dropped). */
  shape: number[];
  /** Values per image. */
  size: number;
}

export interface LayerTable {
  input: { name: string; shape: (number | string)[] };
  /** The spatial side the shapes were measured at. */
  side: number;
  layers: LayerRow[];
}

export async function layerTable(model: ModelProto, engine: Engine, side: number): Promise<LayerTable> {
  const input = imageInput(model);
  const layers = listLayers(model);
  const dims = input.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : i === 1 ? 3 : side));
  const session = await engine(
    encodeModel(
      tapModel(
        model,
        layers.map((l) => l.name),
      ),
    ),
    input.name,
  );
  try {
    const out = await session.run(new Float32Array(dims.reduce((a, b) => a * b, 1)), dims);
    return {
      input,
      side: dims[2],
      layers: layers.map((l) => {
        const shape = out[l.name].dims.slice(1);
        return { ...l, shape, size: shape.reduce((a, b) => a * b, 1) };
      }),
    };
  } finally {
    await session.release();
  }
}
