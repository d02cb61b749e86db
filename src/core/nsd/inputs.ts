/**
 * Files as the bundle builder sees them, whatever the platform: a browser `File` in a worker, or a
 * path on disk in the CLI. Small files are read whole; HDF5 files are opened lazily by h5wasm.
 */
import type { File as H5File } from 'h5wasm';

export interface InputFile {
  /** Path relative to what the user gave (a dropped folder, a CLI root), '/'-separated. */
  path: string;
  size: number;
  bytes(): Promise<Uint8Array>;
  /** Bytes [start, end) without reading the rest (large MGH files, content sniffing). */
  range(start: number, end: number): Promise<Uint8Array>;
}

/** Opens an input HDF5 file read-only without loading it (WORKERFS in a worker, the disk in Node). */
export type OpenHdf5 = (file: InputFile) => H5File;

export const baseName = (path: string) => path.split('/').at(-1) ?? path;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
