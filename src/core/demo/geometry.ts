/** Mesh graph and normal helpers shared by the mesh builder, the ROI maps and their tests. */

/** Vertex neighbours in compressed-row form: neighbours of v are `neighbours[offsets[v] .. offsets[v + 1])`. */
export interface Adjacency {
  offsets: Int32Array;
  neighbours: Int32Array;
}

/**
 * Neighbours from a closed, consistently oriented triangle mesh: there every undirected edge appears
 * exactly once as a directed edge a→b leaving a, so the outgoing edges list each neighbour once.
 */
export function vertexAdjacency(faces: Uint32Array, vertexCount: number): Adjacency {
  const offsets = new Int32Array(vertexCount + 1);
  for (let f = 0; f < faces.length; f++) offsets[faces[f] + 1]++;
  for (let v = 0; v < vertexCount; v++) offsets[v + 1] += offsets[v];
  const fill = offsets.slice(0, vertexCount);
  const neighbours = new Int32Array(faces.length);
  for (let f = 0; f < faces.length; f += 3) {
    for (let k = 0; k < 3; k++) {
      const a = faces[f + k];
      neighbours[fill[a]++] = faces[f + ((k + 1) % 3)];
    }
  }
  return { offsets, neighbours };
}

/** Area-weighted unit vertex normals (outward for counter-clockwise faces). */
export function vertexNormals(positions: ArrayLike<number>, faces: Uint32Array): Float64Array {
  const normals = new Float64Array(positions.length);
  for (let f = 0; f < faces.length; f += 3) {
    const a = 3 * faces[f];
    const b = 3 * faces[f + 1];
    const c = 3 * faces[f + 2];
    const ux = positions[b] - positions[a];
    const uy = positions[b + 1] - positions[a + 1];
    const uz = positions[b + 2] - positions[a + 2];
    const vx = positions[c] - positions[a];
    const vy = positions[c + 1] - positions[a + 1];
    const vz = positions[c + 2] - positions[a + 2];
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    for (const v of [a, b, c]) {
      normals[v] += nx;
      normals[v + 1] += ny;
      normals[v + 2] += nz;
    }
  }
  for (let v = 0; v < normals.length; v += 3) {
    const len = Math.sqrt(normals[v] ** 2 + normals[v + 1] ** 2 + normals[v + 2] ** 2) || 1;
    normals[v] /= len;
    normals[v + 1] /= len;
    normals[v + 2] /= len;
  }
  return normals;
}

/** Connected components of the vertices where `member` is true; -1 elsewhere. Returns per-vertex component ids. */
export function components(adjacency: Adjacency, member: (v: number) => boolean): Int32Array {
  const n = adjacency.offsets.length - 1;
  const id = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let next = 0;
  for (let seed = 0; seed < n; seed++) {
    if (id[seed] !== -1 || !member(seed)) continue;
    id[seed] = next;
    stack.push(seed);
    while (stack.length > 0) {
      const v = stack.pop()!;
      for (let j = adjacency.offsets[v]; j < adjacency.offsets[v + 1]; j++) {
        const w = adjacency.neighbours[j];
        if (id[w] === -1 && member(w)) {
          id[w] = next;
          stack.push(w);
        }
      }
    }
    next++;
  }
  return id;
}
