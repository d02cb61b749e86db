/** Dream images between the optimiser's planar floats and interleaved RGB bytes, and the batch as one grid. */

/** Planar images (n × 3 × size², in [0, 1]) → interleaved RGB bytes (n × size² × 3), rounded. */
export function toRgbBytes(planes: ArrayLike<number>, size: number): Uint8Array {
  const plane = size * size;
  const n = planes.length / (3 * plane);
  const out = new Uint8Array(n * plane * 3);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++)
      for (let q = 0; q < plane; q++)
        out[(i * plane + q) * 3 + c] = Math.round(
          255 * Math.min(1, Math.max(0, planes[(i * 3 + c) * plane + q])),
        );
  return out;
}

export interface Grid {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** n square RGB images (n × size² × 3) on a near-square grid, `gap` white pixels between them. */
export function imageGrid(rgb: Uint8Array, size: number, gap = 4): Grid {
  const n = rgb.length / (size * size * 3);
  const cols = Math.ceil(Math.sqrt(n));
  const rows = Math.ceil(n / cols);
  const width = cols * size + (cols - 1) * gap;
  const height = rows * size + (rows - 1) * gap;
  const out = new Uint8Array(width * height * 3).fill(255);
  for (let i = 0; i < n; i++) {
    const x0 = (i % cols) * (size + gap);
    const y0 = Math.floor(i / cols) * (size + gap);
    for (let y = 0; y < size; y++) {
      const src = (i * size + y) * size * 3;
      out.set(rgb.subarray(src, src + size * 3), ((y0 + y) * width + x0) * 3);
    }
  }
  return { width, height, rgb: out };
}
