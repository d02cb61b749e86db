/**
 * Image features the response model reads: local contrast and colour energy on a coarse grid (for
 * receptive fields), and a few global features (faces, scene, objects, luminance). The pixel features
 * are measured on the stored uint8 images, so anyone can recompute them from the bundle.
 */
import type { JobContext } from '../jobs/progress';
import type { ImageLatents } from './images';

/** Cells per image side for the local feature maps. */
export const FEATURE_GRID = 16;

export const GLOBAL_FEATURES = [
  'faceSize',
  'facePresent',
  'sceneness',
  'planeArea',
  'objectArea',
  'objectCount',
  'luminance',
  'contrast',
  'colourfulness',
] as const;
export type GlobalFeature = (typeof GLOBAL_FEATURES)[number];
export const featureIndex = (name: GlobalFeature) => GLOBAL_FEATURES.indexOf(name);

export interface DemoFeatures {
  count: number;
  /** count × FEATURE_GRID² local contrast energy (RMS luminance gradient), standardised over all cells and images. */
  contrast: Float32Array;
  /** count × FEATURE_GRID² colour energy (RMS of red–green and blue–yellow opponent signals), standardised likewise. */
  colour: Float32Array;
  /** count × GLOBAL_FEATURES.length, each feature z-scored over images. */
  global: Float32Array;
}

/**
 * Contrast and colour energy of one image into the grid maps at `offset`; returns the image's mean
 * luminance and the mean of each map over its cells.
 * `cellOf[x]` is the grid column (or row) of pixel column (or row) x; `luminance` is scratch space.
 */
function measureImage(
  image: Uint8Array,
  size: number,
  cellOf: Int32Array,
  luminance: Float32Array,
  contrast: Float32Array,
  colour: Float32Array,
  offset: number,
) {
  const cells = FEATURE_GRID * FEATURE_GRID;
  const counts = new Float64Array(cells);
  const energy = new Float64Array(cells);
  const chroma = new Float64Array(cells);
  let luminanceSum = 0;
  for (let p = 0; p < size * size; p++) {
    luminance[p] = (0.299 * image[3 * p] + 0.587 * image[3 * p + 1] + 0.114 * image[3 * p + 2]) / 255;
    luminanceSum += luminance[p];
  }
  for (let y = 0; y < size; y++) {
    const row = cellOf[y] * FEATURE_GRID;
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      // Forward differences; zero at the right and bottom borders.
      const gx = x + 1 < size ? luminance[p + 1] - luminance[p] : 0;
      const gy = y + 1 < size ? luminance[p + size] - luminance[p] : 0;
      const rg = (image[3 * p] - image[3 * p + 1]) / 255;
      const by = (image[3 * p + 2] - 0.5 * (image[3 * p] + image[3 * p + 1])) / 255;
      const cell = row + cellOf[x];
      counts[cell]++;
      energy[cell] += gx * gx + gy * gy;
      chroma[cell] += rg * rg + by * by;
    }
  }
  let contrastSum = 0;
  let colourSum = 0;
  for (let c = 0; c < cells; c++) {
    contrast[offset + c] = Math.sqrt(energy[c] / counts[c]);
    colour[offset + c] = Math.sqrt(chroma[c] / counts[c]);
    contrastSum += contrast[offset + c];
    colourSum += colour[offset + c];
  }
  return {
    luminance: luminanceSum / (size * size),
    contrast: contrastSum / cells,
    colourfulness: colourSum / cells,
  };
}

/** z-score `values[k], values[k + stride], …` in place (a column of a row-major matrix, or everything with stride 1). */
function standardise(values: Float32Array, start = 0, stride = 1) {
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let i = start; i < values.length; i += stride, n++) {
    sum += values[i];
    sumSquares += values[i] * values[i];
  }
  const m = sum / n;
  const sd = Math.sqrt(Math.max(0, sumSquares / n - m * m));
  for (let i = start; i < values.length; i += stride) values[i] = sd > 0 ? (values[i] - m) / sd : 0;
}

export async function measureFeatures(
  images: Uint8Array,
  size: number,
  latents: ImageLatents[],
  ctx: JobContext,
): Promise<DemoFeatures> {
  const count = latents.length;
  const cells = FEATURE_GRID * FEATURE_GRID;
  const k = GLOBAL_FEATURES.length;
  const contrast = new Float32Array(count * cells);
  const colour = new Float32Array(count * cells);
  const global = new Float32Array(count * k);
  const bytes = size * size * 3;
  const scratch = new Float32Array(size * size);
  const cellOf = Int32Array.from({ length: size }, (_, x) => Math.floor((x * FEATURE_GRID) / size));
  for (let i = 0; i < count; i++) {
    const image = images.subarray(i * bytes, (i + 1) * bytes);
    const means = measureImage(image, size, cellOf, scratch, contrast, colour, i * cells);
    const l = latents[i];
    const values: Record<GlobalFeature, number> = {
      faceSize: l.faceSize,
      facePresent: l.faceSize > 0 ? 1 : 0,
      sceneness: l.sceneness,
      planeArea: l.sceneness * l.planeArea,
      objectArea: l.objectArea,
      objectCount: l.objects.length,
      ...means,
    };
    GLOBAL_FEATURES.forEach((name, j) => (global[i * k + j] = values[name]));
    if (i % 16 === 15) await ctx.checkpoint((i + 1) / count, 'Measuring image features');
  }
  standardise(contrast);
  standardise(colour);
  for (let j = 0; j < k; j++) standardise(global, j, k);
  await ctx.checkpoint(1, 'Measuring image features');
  return { count, contrast, colour, global };
}
