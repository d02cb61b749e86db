/**
 * How a backbone wants its images: declared per model in a small JSON sidecar (`model.onnx.json`),
 * with torchvision's ImageNet conventions as defaults.
 */
import { resizeRgb } from '../image/resize';

export interface Preprocessing {
  /** Side of the square network input. */
  inputSize: number;
  /** Per-channel mean and standard deviation applied to pixel/255 (RGB order). */
  mean: [number, number, number];
  std: [number, number, number];
  channelOrder: 'RGB' | 'BGR';
}

export const IMAGENET_PREPROCESSING: Preprocessing = {
  inputSize: 224,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
  channelOrder: 'RGB',
};

export class SidecarError extends Error {
  override name = 'SidecarError';
}

const triple = (v: unknown): v is [number, number, number] =>
  Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The sidecar's preprocessing over the defaults; every field is checked, unknown ones are refused. */
export function parsePreprocessing(json: unknown, source = 'sidecar'): Preprocessing {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new SidecarError(`${source}: not a JSON object`);
  const p = { ...IMAGENET_PREPROCESSING };
  for (const [key, value] of Object.entries(json)) {
    const bad = (want: string) =>
      new SidecarError(`${source}: "${key}" must be ${want}, not ${JSON.stringify(value)}`);
    switch (key) {
      case 'inputSize':
        if (!Number.isInteger(value) || (value as number) < 8 || (value as number) > 2048)
          throw bad('an integer 8..2048');
        p.inputSize = value as number;
        break;
      case 'mean':
        if (!triple(value)) throw bad('three numbers');
        p.mean = value;
        break;
      case 'std':
        if (!triple(value) || value.some((v) => v <= 0)) throw bad('three positive numbers');
        p.std = value;
        break;
      case 'channelOrder':
        if (value !== 'RGB' && value !== 'BGR') throw bad('"RGB" or "BGR"');
        p.channelOrder = value;
        break;
      default:
        throw new SidecarError(`${source}: unknown field "${key}"`);
    }
  }
  return p;
}

/**
 * Square RGB uint8 images (n × size × size × 3, as bundles store them) → the network input
 * (n × 3 × inputSize × inputSize, float32). Bundle images are already square crops, so resizing is all.
 */
export function preprocessImages(images: Uint8Array, size: number, p: Preprocessing): Float32Array {
  const frame = size * size * 3;
  const n = images.length / frame;
  const side = p.inputSize;
  const plane = side * side;
  const out = new Float32Array(n * 3 * plane);
  const order = p.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  for (let i = 0; i < n; i++) {
    const rgb = resizeRgb(images.subarray(i * frame, (i + 1) * frame), size, size, side, side);
    for (let c = 0; c < 3; c++) {
      const src = order[c];
      const scale = 1 / (255 * p.std[src]);
      const shift = p.mean[src] / p.std[src];
      const base = (i * 3 + c) * plane;
      for (let q = 0; q < plane; q++) out[base + q] = rgb[q * 3 + src] * scale - shift;
    }
  }
  return out;
}
