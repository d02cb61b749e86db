/**
 * Storage for extracted (not yet channel-selected) features, one entry per cache key. The browser keeps
 * entries in OPFS (workers/featureStore.ts); the CLI and tests use memory. Rows are written batch by
 * batch and `done` only advances after a batch is stored, so an interrupted run resumes where it stopped.
 */
import type { TapGeometry } from './geometry';

export interface CachedLayer {
  name: string;
  geometry: TapGeometry;
  /** Pooling grid side this layer really got (1 = channel means only). */
  pool: number;
  rowLength: number;
}

export interface CacheMeta {
  key: string;
  imageCount: number;
  layers: CachedLayer[];
  /** Images 0..done-1 are stored. */
  done: number;
}

export interface CacheEntry {
  meta(): Promise<CacheMeta | undefined>;
  setMeta(meta: CacheMeta): Promise<void>;
  write(layer: number, firstRow: number, rows: Float32Array): Promise<void>;
  /** Rows 0..rowCount-1 of a layer. */
  read(layer: number, rowCount: number, rowLength: number): Promise<Float32Array>;
}

/** An entry held in memory (no persistence): the CLI's and the tests' cache. */
export function memoryCacheEntry(): CacheEntry {
  let stored: CacheMeta | undefined;
  const layers: Float32Array[] = [];
  return {
    meta: async () => (stored ? structuredClone(stored) : undefined),
    async setMeta(meta) {
      stored = structuredClone(meta);
      meta.layers.forEach((l, i) => {
        if (layers[i]?.length !== meta.imageCount * l.rowLength)
          layers[i] = new Float32Array(meta.imageCount * l.rowLength);
      });
    },
    async write(layer, firstRow, rows) {
      layers[layer].set(rows, firstRow * stored!.layers[layer].rowLength);
    },
    read: async (layer, rowCount, rowLength) => layers[layer].slice(0, rowCount * rowLength),
  };
}
