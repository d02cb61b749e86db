/** HDF5 files made in a worker: written in h5wasm's in-memory file system, handed back as bytes. */
import h5wasm, { type File as H5File } from 'h5wasm';
import { initH5, openH5 } from '../src/core/formats/h5';

let made = 0;

export async function h5Bytes(write: (file: H5File) => void): Promise<Uint8Array> {
  const lib = await initH5(h5wasm);
  const { FS } = await h5wasm.ready;
  const path = `/made-${Date.now()}-${++made}.h5`;
  const file = openH5(lib, path, 'w');
  try {
    write(file);
  } finally {
    file.close();
  }
  const bytes = FS.readFile(path) as Uint8Array;
  FS.unlink(path);
  return bytes;
}
