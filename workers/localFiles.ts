/**
 * The user's files inside a worker: browser `File`s wrapped as core `InputFile`s, mounted
 * read-only with WORKERFS so h5wasm reads only the byte ranges it needs (no whole-file copies).
 */
import h5wasm, { type File as H5File } from 'h5wasm';
import { h5ErrorReason, initH5 } from '../src/core/formats/h5';
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

interface StreamOps {
  read(
    stream: { node: { contents: Blob; size: number } },
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ): number;
}

interface EmscriptenFS {
  mkdir(path: string): void;
  mount(type: unknown, opts: unknown, path: string): void;
  unmount(path: string): void;
  rmdir(path: string): void;
  filesystems: { WORKERFS: { stream_ops: StreamOps } };
}

let mounts = 0;

/** Read-ahead block size, and how many blocks are kept (over all files: 32 MB). */
const BLOCK = 4 * 2 ** 20;
const BLOCKS_KEPT = 8;

/** FileReaderSync exists in workers only (the WebWorker lib is not in this project's types). */
declare const FileReaderSync: new () => { readAsArrayBuffer(blob: Blob): ArrayBuffer };

/**
 * WORKERFS answers every read with a FileReaderSync call, and HDF5 reads NSD's betas one 1.5 kB chunk
 * at a time, so a session costs tens of thousands of calls. Serving small reads from a few cached 4 MB
 * blocks per file turns those into memory copies (chunks are stored near one another in the file).
 */
function addReadAhead(ops: StreamOps): void {
  const original = ops.read;
  const reader = new FileReaderSync();
  const cache = new WeakMap<Blob, { start: number; bytes: Uint8Array }[]>();
  const block = (blob: Blob, start: number, size: number) => {
    const blocks = cache.get(blob) ?? [];
    let found = blocks.find((b) => b.start === start);
    if (!found) {
      found = {
        start,
        bytes: new Uint8Array(reader.readAsArrayBuffer(blob.slice(start, Math.min(size, start + BLOCK)))),
      };
      blocks.push(found);
      if (blocks.length > BLOCKS_KEPT) blocks.shift();
      cache.set(blob, blocks);
    }
    return found;
  };
  ops.read = function (stream, buffer, offset, length, position) {
    const { contents: blob, size } = stream.node;
    if (position >= size) return 0;
    const wanted = Math.min(length, size - position);
    if (wanted > BLOCK / 4) return original.call(this, stream, buffer, offset, length, position);
    let done = 0;
    while (done < wanted) {
      const at = position + done;
      const b = block(blob, at - (at % BLOCK), size);
      const n = Math.min(wanted - done, b.start + b.bytes.length - at);
      buffer.set(b.bytes.subarray(at - b.start, at - b.start + n), offset + done);
      done += n;
    }
    return wanted;
  };
}

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
  if (mounts === 0) addReadAhead(FS.filesystems.WORKERFS.stream_ops);
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

/**
 * Reads one dropped or stored HDF5 file with `read`; a file HDF5 cannot open is "not <what>", any other
 * failure is prefixed with the file's name.
 */
export async function readHdf5File<T>(file: File, what: string, read: (h5: H5File) => T): Promise<T> {
  const mounted = await mountFiles([{ path: file.name, file }]);
  try {
    let h5;
    try {
      h5 = mounted.openHdf5(mounted.files[0]);
    } catch (error) {
      throw new Error(`${file.name}: not ${what} (${h5ErrorReason(error)})`, { cause: error });
    }
    try {
      return read(h5);
    } catch (error) {
      throw new Error(`${file.name}: ${(error as Error).message}`, { cause: error });
    } finally {
      h5.close();
    }
  } finally {
    mounted.unmount();
  }
}
