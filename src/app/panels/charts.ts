/** Geometry for the Fit panel's small SVG charts (y grows downwards, as in SVG). */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export const linearScale = (d0: number, d1: number, r0: number, r1: number) => (v: number) =>
  r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

/** One column per count across `width`, the largest `height` tall, standing on y = height. */
export function columnBars(counts: ArrayLike<number>, width: number, height: number): Rect[] {
  const largest = Math.max(1, ...Array.from(counts));
  const step = width / counts.length;
  return Array.from(counts, (count, i) => {
    const h = (count / largest) * height;
    return { x: i * step, y: height - h, width: step, height: h };
  });
}

/** [lo, hi] covering 0 and every finite value, rounded outwards to multiples of `step`. */
export function domainWithZero(values: number[], step: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(0, ...finite);
  const hi = Math.max(0, ...finite);
  const round = (v: number, f: (x: number) => number) => f(v / step - Math.sign(v) * 1e-9) * step;
  const [a, b] = [round(lo, Math.floor), round(hi, Math.ceil)];
  return [a, b > a ? b : a + step];
}

/** The horizontal extent of a bar from 0 to `value` (negative values extend left of 0). */
export function spanFromZero(value: number, scale: (v: number) => number): { x: number; width: number } {
  const [a, b] = [scale(0), scale(Number.isFinite(value) ? value : 0)];
  return { x: Math.min(a, b), width: Math.abs(b - a) };
}
