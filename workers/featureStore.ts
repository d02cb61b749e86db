/**
 * The feature cache in OPFS: `features/<key>/meta.json` plus one float32 file per layer, written batch
 * by batch at its row offset (the contract is in src/core/backbone/featureCache.ts).
 */
import type { CacheEntry, CacheMeta } from '../src/core/backbone/featureCache';
import { entries, folderSize, opfsDir, readFile, writeFile } from './opfs';

const ROOT = 'features';
const layerFile = (layer: number) => `layer-${layer}.f32`;

export async function openCacheEntry(key: string): Promise<CacheEntry> {
  const dir = await opfsDir(ROOT, key);
  let known: CacheMeta | undefined;
  return {
    async meta() {
      const file = await readFile(dir, 'meta.json');
      known = file ? (JSON.parse(await file.text()) as CacheMeta) : undefined;
      return known;
    },
    async setMeta(meta) {
      known = structuredClone(meta);
      await writeFile(dir, 'meta.json', JSON.stringify(meta));
    },
    async write(layer, firstRow, rows) {
      const rowBytes = known!.layers[layer].rowLength * 4;
      await writeFile(
        dir,
        layerFile(layer),
        new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength),
        firstRow * rowBytes,
      );
    },
    async read(layer, rowCount, rowLength) {
      const file = await readFile(dir, layerFile(layer));
      const bytes = rowCount * rowLength * 4;
      if (!file || file.size < bytes)
        throw new Error(`feature cache ${key.slice(0, 12)}: layer ${layer} is incomplete`);
      return new Float32Array(await file.slice(0, bytes).arrayBuffer());
    },
  };
}

export interface CacheSummary {
  entries: number;
  bytes: number;
}

export async function cacheSummary(): Promise<CacheSummary> {
  const root = await opfsDir(ROOT);
  return { entries: (await entries(root)).length, bytes: await folderSize(root) };
}

export async function clearCache(): Promise<CacheSummary> {
  const root = await opfsDir(ROOT);
  for (const [name] of await entries(root)) await root.removeEntry(name, { recursive: true });
  return cacheSummary();
}
