/** Local files for the bundle builder in Node: a folder walked recursively, HDF5 opened from disk. */
import { openSync, readSync, closeSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import h5wasm from 'h5wasm/node';
import type { InputFile, OpenHdf5 } from '../core/nsd/inputs';

export interface NodeInputs {
  files: InputFile[];
  openHdf5: OpenHdf5;
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.name.startsWith('.') ? [] : listFiles(join(path, entry.name))));
}

function readRange(path: string, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.max(0, end - start));
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < out.length) {
      const n = readSync(fd, out, done, out.length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return out.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Every file under the given paths (folders are walked), with paths relative to each root. */
export function nodeInputs(...roots: string[]): NodeInputs {
  const absolute = new Map<InputFile, string>();
  const files = roots.flatMap((root) => {
    const base = resolve(root);
    const isDir = statSync(base).isDirectory();
    return listFiles(base).map((abs) => {
      const path = (isDir ? relative(base, abs) : relative(resolve(base, '..'), abs)).split(sep).join('/');
      const file: InputFile = {
        path,
        size: statSync(abs).size,
        bytes: async () => new Uint8Array(readFileSync(abs)),
        range: async (start, end) => readRange(abs, start, end),
      };
      absolute.set(file, abs);
      return file;
    });
  });
  return {
    files,
    openHdf5: (file) => new h5wasm.File(absolute.get(file) ?? file.path, 'r'),
  };
}
