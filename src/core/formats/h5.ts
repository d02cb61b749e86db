/**
 * h5wasm set-up shared by the data worker, the CLI and tests. The browser build and the Node
 * build of h5wasm have the same API; callers pass the one for their platform.
 */
import type { File as H5File } from 'h5wasm';

export interface H5Library {
  ready: Promise<{ activate_throwing_error_handler(): void }>;
  File: typeof H5File;
}

/** Wait for the wasm module and make HDF5 errors throw (by default they only print and return bad ids). */
export async function initH5(lib: H5Library): Promise<H5Library> {
  const module = await lib.ready;
  module.activate_throwing_error_handler();
  return lib;
}

/** HDF5's multi-line diagnostic reduced to what a user can act on. */
export function h5ErrorReason(error: unknown): string {
  const detail = String((error as Error)?.message ?? error);
  if (/signature not found|Not an HDF5 file/i.test(detail)) return 'not an HDF5 file (no HDF5 signature)';
  if (/truncated|end of file|EOF|addr overflow|read failed|file read failed/i.test(detail)) {
    return 'the HDF5 file is truncated or damaged';
  }
  return detail.split('\n')[0];
}

/** Open an HDF5 file, turning HDF5's diagnostic into a short message that names the file. */
export function openH5(lib: H5Library, path: string, mode: 'r' | 'w', label = path): H5File {
  try {
    return new lib.File(path, mode);
  } catch (error) {
    throw new Error(`${label}: ${h5ErrorReason(error)}`, { cause: error });
  }
}
