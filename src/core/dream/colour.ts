/**
 * lucent's colour decorrelation: the optimiser works in a decorrelated colour space, mapped to RGB by the
 * square root of ImageNet's colour correlation (lucent `param/color.py`), normalised so its largest column
 * has unit norm. Steps in the parameters then move along natural colour directions.
 */

const SVD_SQRT = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
];

const maxColumnNorm = Math.max(...[0, 1, 2].map((j) => Math.hypot(...SVD_SQRT.map((row) => row[j]))));

/** rgb = M · t per pixel, row-major 3 × 3. */
export const COLOUR_MATRIX: readonly number[] = SVD_SQRT.flat().map((v) => v / maxColumnNorm);

/**
 * Mixes the three planes of each image in place: out_c = Σ_d M[c][d] in_d, or with `transpose` the
 * backward map out_d = Σ_c M[c][d] in_c. `planes` holds images × 3 planes of `plane` values.
 */
export function mixColours(planes: Float64Array, plane: number, transpose: boolean): void {
  const m = COLOUR_MATRIX;
  const at = (c: number, d: number) => (transpose ? m[d * 3 + c] : m[c * 3 + d]);
  for (let base = 0; base < planes.length; base += 3 * plane)
    for (let q = 0; q < plane; q++) {
      const a = planes[base + q];
      const b = planes[base + plane + q];
      const c = planes[base + 2 * plane + q];
      for (let o = 0; o < 3; o++) planes[base + o * plane + q] = at(o, 0) * a + at(o, 1) * b + at(o, 2) * c;
    }
}
