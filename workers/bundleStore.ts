/**
 * Subject bundles kept in the origin-private file system (OPFS): they survive reloads. A bundle is
 * written under a temporary name and renamed when complete, so an interrupted write leaves no
 * half-written bundle behind.
 */

export interface StoredBundle {
  name: string;
  size: number;
  modified: number;
}

const DIR = 'bundles';
const PARTIAL = '.partial';

async function folder(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create: true });
}

export async function listBundles(): Promise<StoredBundle[]> {
  const dir = await folder();
  const out: StoredBundle[] = [];
  for await (const [name, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
    if (handle.kind !== 'file') continue;
    if (name.endsWith(PARTIAL)) {
      await dir.removeEntry(name);
      continue;
    }
    const file = await (handle as FileSystemFileHandle).getFile();
    out.push({ name, size: file.size, modified: file.lastModified });
  }
  return out.sort((a, b) => b.modified - a.modified);
}

export async function saveBundle(name: string, bytes: Uint8Array): Promise<StoredBundle> {
  const dir = await folder();
  const partial = await dir.getFileHandle(name + PARTIAL, { create: true });
  try {
    const writable = await partial.createWritable();
    await writable.write(bytes as Uint8Array<ArrayBuffer>);
    await writable.close();
    await (partial as FileSystemFileHandle & { move(name: string): Promise<void> }).move(name);
  } catch (error) {
    await dir.removeEntry(name + PARTIAL).catch(() => {});
    throw error;
  }
  const file = await (await dir.getFileHandle(name)).getFile();
  return { name, size: file.size, modified: file.lastModified };
}

export async function loadStoredBundle(name: string): Promise<File> {
  return (await (await folder()).getFileHandle(name)).getFile();
}

export async function deleteBundle(name: string): Promise<void> {
  await (await folder()).removeEntry(name);
}
