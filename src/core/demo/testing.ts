/** A matrix helper shared by the demo's tests. */

/** Column u of a row-major rows × columns matrix. */
export function column(matrix: Float32Array, columns: number, u: number): Float64Array {
  const rows = matrix.length / columns;
  return Float64Array.from({ length: rows }, (_, i) => matrix[i * columns + u]);
}
