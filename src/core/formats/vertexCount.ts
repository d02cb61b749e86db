/**
 * The check every per-vertex file needs before it meets a surface. Data from another mesh
 * (fsaverage for fsaverage5, another subject) is the most common user error, so the message names
 * both counts and both files.
 */

export class VertexCountError extends Error {
  override name = 'VertexCountError';
}

/** Throws unless `values` has one entry per vertex of a surface with `surfaceVertices` vertices. */
export function checkVertexCount(
  what: string,
  values: ArrayLike<unknown>,
  surfaceVertices: number,
  surfaceName?: string,
): void {
  if (values.length !== surfaceVertices) {
    const surface = surfaceName ? `the surface ${surfaceName}` : 'the surface';
    throw new VertexCountError(
      `${what} has ${values.length} values but ${surface} has ${surfaceVertices} vertices`,
    );
  }
}
