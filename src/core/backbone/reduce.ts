/**
 * Feature reduction for one tapped layer, as BOLDreams does it: keep the channels whose spatial means
 * vary most across the training images, and average-pool each channel to a k × k grid (k = 1: global).
 * Activations are per image, channels × height × width (ONNX NCHW without the batch axis).
 */

export interface LayerShape {
  channels: number;
  height: number;
  width: number;
}

/** torch's adaptive_avg_pool2d cell bounds: cell i covers [floor(i·n/k), ceil((i+1)·n/k)). */
function cells(n: number, k: number): [number, number][] {
  return Array.from({ length: k }, (_, i) => [Math.floor((i * n) / k), Math.ceil(((i + 1) * n) / k)]);
}

/** One image's activations pooled to channels × k × k. */
export function adaptivePool(act: Float32Array, shape: LayerShape, k: number): Float32Array {
  const { channels, height, width } = shape;
  const rows = cells(height, k);
  const cols = cells(width, k);
  const out = new Float32Array(channels * k * k);
  for (let c = 0; c < channels; c++) {
    const base = c * height * width;
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let y = rows[i][0]; y < rows[i][1]; y++) {
          for (let x = cols[j][0]; x < cols[j][1]; x++) sum += act[base + y * width + x];
        }
        out[(c * k + i) * k + j] = sum / ((rows[i][1] - rows[i][0]) * (cols[j][1] - cols[j][0]));
      }
    }
  }
  return out;
}

/** Running mean and variance of each channel's spatial mean over images (Welford, float64). */
export class ChannelSpread {
  private count = 0;
  private readonly mean: Float64Array;
  private readonly m2: Float64Array;

  constructor(readonly shape: LayerShape) {
    this.mean = new Float64Array(shape.channels);
    this.m2 = new Float64Array(shape.channels);
  }

  add(act: Float32Array): void {
    const plane = this.shape.height * this.shape.width;
    this.count++;
    for (let c = 0; c < this.shape.channels; c++) {
      let s = 0;
      for (let q = 0; q < plane; q++) s += act[c * plane + q];
      const x = s / plane;
      const delta = x - this.mean[c];
      this.mean[c] += delta / this.count;
      this.m2[c] += delta * (x - this.mean[c]);
    }
  }

  /** Population standard deviation per channel. */
  std(): Float64Array {
    return this.m2.map((v) => Math.sqrt(v / Math.max(1, this.count)));
  }
}

/** Ascending indices of the `percent` % of channels with the largest spread (at least one). */
export function topChannels(std: Float64Array, percent: number): Int32Array {
  if (!(percent > 0 && percent <= 100))
    throw new RangeError(`percent of channels must be in (0, 100], got ${percent}`);
  const keep = Math.max(1, Math.round((std.length * percent) / 100));
  const order = Array.from(std.keys()).sort((a, b) => std[b] - std[a] || a - b);
  return Int32Array.from(order.slice(0, keep)).sort();
}

/** Columns of the chosen channels from pooled features (channels × k² per image). */
export function selectChannels(
  pooled: Float32Array,
  channels: Int32Array,
  cellsPerChannel: number,
): Float32Array {
  const out = new Float32Array(channels.length * cellsPerChannel);
  channels.forEach((c, i) =>
    out.set(pooled.subarray(c * cellsPerChannel, (c + 1) * cellsPerChannel), i * cellsPerChannel),
  );
  return out;
}
