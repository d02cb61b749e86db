/**
 * The user's files inside the data worker: browser `File`s wrapped as core `InputFile`s, mounted
 * read-only with WORKERFS so h5wasm reads only the byte ranges it needs (no whole-file copies).
 */
import h5wasm from 'h5wasm';
import { initH5 } from '../src/core/formats/h5';
import type { InputFile, OpenHdf5 } from '../src/core/nsd/inputs';

export interface PickedFile {
  /** Path inside the dropped folder (or the bare name for single files). */
  path: string;
  file: File;
}

export interface Mounted {
  files: InputFile[];
  openHdf5: OpenHdf5;
  unmount(): void;
}

interface EmscriptenFS {
  mkdir(path: string): void;
  mount(type: unknown, opts: unknown, path: string): void;
  unmount(path: string): void;
  rmdir(path: string): void;
  filesystems: { WORKERFS: unknown };
}

let mounts = 0;

export function inputFile(picked: PickedFile): InputFile {
  const { file, path } = picked;
  return {
    path,
    size: file.size,
    bytes: async () => new Uint8Array(await file.arrayBuffer()),
    range: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
  };
}

export async function mountFiles(picked: PickedFile[]): Promise<Mounted> {
  const lib = await initH5(h5wasm);
  const FS = (await h5wasm.ready).FS as unknown as EmscriptenFS;
  const root = `/inputs-${++mounts}`;
  FS.mkdir(root);
  // WORKERFS creates the folders named in each blob's path, so duplicate names in different folders coexist.
  FS.mount(FS.filesystems.WORKERFS, { blobs: picked.map((p) => ({ name: p.path, data: p.file })) }, root);
  const where = new Map<InputFile, string>();
  const files = picked.map((p) => {
    const input = inputFile(p);
    where.set(input, `${root}/${p.path}`);
    return input;
  });
  return {
    files,
    openHdf5: (file) => new lib.File(where.get(file) ?? file.path, 'r'),
    unmount() {
      FS.unmount(root);
      FS.rmdir(root);
    },
  };
}
