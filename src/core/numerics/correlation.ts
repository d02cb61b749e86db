/** Prediction accuracy per target: Pearson's r between the columns of two row-major matrices. */

/** r for each of the `cols` columns of `a` and `b` (rows × cols); 0 where a column is constant. */
export function columnCorrelations(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  cols: number,
): Float64Array {
  if (a.length !== rows * cols || b.length !== rows * cols)
    throw new Error(`correlation: ${a.length} and ${b.length} values for ${rows} rows × ${cols} columns`);
  const meanA = new Float64Array(cols);
  const meanB = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      meanA[c] += a[i * cols + c] / rows;
      meanB[c] += b[i * cols + c] / rows;
    }
  }
  const ab = new Float64Array(cols);
  const aa = new Float64Array(cols);
  const bb = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) {
      const x = a[i * cols + c] - meanA[c];
      const y = b[i * cols + c] - meanB[c];
      ab[c] += x * y;
      aa[c] += x * x;
      bb[c] += y * y;
    }
  }
  return ab.map((s, c) => (aa[c] > 0 && bb[c] > 0 ? s / Math.sqrt(aa[c] * bb[c]) : 0));
}
