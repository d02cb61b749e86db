/** Small helpers over the origin-private file system (OPFS), shared by the stores that live in it. */

export async function opfsDir(...path: string[]): Promise<FileSystemDirectoryHandle> {
  let dir = await navigator.storage.getDirectory();
  for (const name of path) dir = await dir.getDirectoryHandle(name, { create: true });
  return dir;
}

export async function entries(dir: FileSystemDirectoryHandle): Promise<[string, FileSystemHandle][]> {
  const out: [string, FileSystemHandle][] = [];
  for await (const entry of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) out.push(entry);
  return out;
}

export async function writeFile(
  dir: FileSystemDirectoryHandle,
  name: string,
  data: Uint8Array | string,
  at?: number,
): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const writable = await handle.createWritable({ keepExistingData: at !== undefined });
  if (at !== undefined) await writable.seek(at);
  await writable.write(data as Uint8Array<ArrayBuffer> | string);
  await writable.close();
}

export async function readFile(dir: FileSystemDirectoryHandle, name: string): Promise<File | undefined> {
  try {
    return await (await dir.getFileHandle(name)).getFile();
  } catch {
    return undefined;
  }
}

/** Total bytes of the files under a directory. */
export async function folderSize(dir: FileSystemDirectoryHandle): Promise<number> {
  let total = 0;
  for (const [, handle] of await entries(dir)) {
    total +=
      handle.kind === 'file'
        ? (await (handle as FileSystemFileHandle).getFile()).size
        : await folderSize(handle as FileSystemDirectoryHandle);
  }
  return total;
}
