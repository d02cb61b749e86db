/**
 * Image priors on the parameterised images (batch × 3 × size × size, planar, in [0, 1]): total variation as
 * the mean squared difference of neighbouring pixels, and L2 as the mean squared distance from grey. Both
 * are per-pixel means, so their weights do not depend on the image size; the squares keep them smooth.
 */

export interface PriorTerm {
  value: number;
  /** d(value)/d(image), added by the caller with the term's weight. */
  gradient: Float64Array;
}

export function totalVariation(images: Float64Array, size: number): PriorTerm {
  const gradient = new Float64Array(images.length);
  const plane = size * size;
  const pairs = (images.length / plane) * 2 * size * (size - 1);
  let sum = 0;
  const pair = (a: number, b: number) => {
    const d = images[a] - images[b];
    sum += d * d;
    gradient[a] += (2 * d) / pairs;
    gradient[b] -= (2 * d) / pairs;
  };
  for (let base = 0; base < images.length; base += plane)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const i = base + y * size + x;
        if (x + 1 < size) pair(i, i + 1);
        if (y + 1 < size) pair(i, i + size);
      }
  return { value: pairs ? sum / pairs : 0, gradient };
}

export function l2Prior(images: Float64Array): PriorTerm {
  const n = images.length;
  let sum = 0;
  const gradient = images.map((v) => {
    sum += (v - 0.5) ** 2;
    return (2 * (v - 0.5)) / n;
  });
  return { value: sum / n, gradient };
}
