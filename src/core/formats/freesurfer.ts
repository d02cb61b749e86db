/**
 * FreeSurfer binary surfaces (`lh.white`, `lh.inflated`, …: triangle format) and per-vertex "curv"
 * files (`lh.curv`, `lh.sulc`, …: new format). Both are big-endian; layouts as nibabel's
 * freesurfer/io.py reads them. Coordinates stay in FreeSurfer's surface RAS (tkRAS).
 */
import type { SurfaceMesh } from '../bundle/types';
import { dataView, readNumbers } from './binary';

export class FreeSurferFormatError extends Error {
  override name = 'FreeSurferFormatError';
}

const TRIANGLE_MAGIC = 0xfffffe;
const NEW_CURV_MAGIC = 0xffffff;

function magic(bytes: Uint8Array): number {
  return bytes.length < 3 ? -1 : (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}

export function readSurface(bytes: Uint8Array): SurfaceMesh {
  const m = magic(bytes);
  if (m !== TRIANGLE_MAGIC) {
    throw new FreeSurferFormatError(
      m === NEW_CURV_MAGIC || m === 0xfffffd
        ? 'FreeSurfer quad surfaces are not supported (only triangle surfaces, magic FF FF FE)'
        : 'not a FreeSurfer triangle surface (no FF FF FE magic)',
    );
  }
  // After the magic: "created by <user> on <date>\n\n".
  const newline = bytes.indexOf(0x0a, 3);
  if (newline < 0 || bytes[newline + 1] !== 0x0a) {
    throw new FreeSurferFormatError('FreeSurfer surface header does not end in a blank line');
  }
  const counts = newline + 2;
  if (bytes.length < counts + 8)
    throw new FreeSurferFormatError('FreeSurfer surface is truncated in its header');
  const view = dataView(bytes);
  const nVertices = view.getInt32(counts, false);
  const nFaces = view.getInt32(counts + 4, false);
  const needed = counts + 8 + 12 * nVertices + 12 * nFaces;
  if (nVertices < 0 || nFaces < 0 || bytes.length < needed) {
    throw new FreeSurferFormatError(
      `FreeSurfer surface is truncated: ${nVertices} vertices and ${nFaces} faces need ${needed} bytes, the file has ${bytes.length}`,
    );
  }
  const positions = readNumbers(bytes, counts + 8, 3 * nVertices, 'float32', false);
  const faces = readNumbers(bytes, counts + 8 + 12 * nVertices, 3 * nFaces, 'uint32', false);
  for (let i = 0; i < faces.length; i++) {
    if (faces[i] >= nVertices) {
      throw new FreeSurferFormatError(
        `FreeSurfer surface face ${Math.floor(i / 3)} refers to vertex ${faces[i] | 0}, but there are ${nVertices}`,
      );
    }
  }
  return { positions, faces };
}

export function readCurv(bytes: Uint8Array): Float32Array {
  if (magic(bytes) !== NEW_CURV_MAGIC) {
    throw new FreeSurferFormatError('not a new-format FreeSurfer curv file (no FF FF FF magic)');
  }
  if (bytes.length < 15) throw new FreeSurferFormatError('FreeSurfer curv header is truncated');
  const view = dataView(bytes);
  const nVertices = view.getInt32(3, false);
  const perVertex = view.getInt32(11, false);
  if (perVertex !== 1) {
    throw new FreeSurferFormatError(
      `FreeSurfer curv has ${perVertex} values per vertex; only 1 is supported`,
    );
  }
  if (nVertices < 0 || bytes.length < 15 + 4 * nVertices) {
    throw new FreeSurferFormatError(
      `FreeSurfer curv is truncated: ${nVertices} values need ${15 + 4 * nVertices} bytes, the file has ${bytes.length}`,
    );
  }
  return readNumbers(bytes, 15, nVertices, 'float32', false);
}
