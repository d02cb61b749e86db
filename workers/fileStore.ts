/**
 * Files kept in one folder of the origin-private file system (OPFS), e.g. subject bundles and
 * encoders: they survive reloads. A file is written under a temporary name and renamed when complete,
 * so an interrupted write leaves no half-written file behind.
 */
import { entries, opfsDir } from './opfs';

export interface StoredFile {
  name: string;
  size: number;
  modified: number;
}

const PARTIAL = '.partial';

export interface FileStore {
  /** Newest first; leftovers of interrupted writes are removed. */
  list(): Promise<StoredFile[]>;
  save(name: string, bytes: Uint8Array): Promise<StoredFile>;
  load(name: string): Promise<File>;
  remove(name: string): Promise<void>;
}

export function fileStore(folder: string): FileStore {
  const dir = () => opfsDir(folder);
  return {
    async list() {
      const d = await dir();
      const out: StoredFile[] = [];
      for (const [name, handle] of await entries(d)) {
        if (handle.kind !== 'file') continue;
        if (name.endsWith(PARTIAL)) {
          await d.removeEntry(name);
          continue;
        }
        const file = await (handle as FileSystemFileHandle).getFile();
        out.push({ name, size: file.size, modified: file.lastModified });
      }
      return out.sort((a, b) => b.modified - a.modified);
    },
    async save(name, bytes) {
      const d = await dir();
      const partial = await d.getFileHandle(name + PARTIAL, { create: true });
      try {
        const writable = await partial.createWritable();
        await writable.write(bytes as Uint8Array<ArrayBuffer>);
        await writable.close();
        await (partial as FileSystemFileHandle & { move(name: string): Promise<void> }).move(name);
      } catch (error) {
        await d.removeEntry(name + PARTIAL).catch(() => {});
        throw error;
      }
      const file = await (await d.getFileHandle(name)).getFile();
      return { name, size: file.size, modified: file.lastModified };
    },
    async load(name) {
      const handle = await (await dir()).getFileHandle(name).catch(() => {
        throw new Error(`${name} is no longer in this browser's storage`);
      });
      return handle.getFile();
    },
    async remove(name) {
      await (await dir()).removeEntry(name);
    },
  };
}
