/**
 * Feature cache keys: SHA-256 over everything that changes the cached numbers — the model bytes, the
 * taps, the pooling grid, the preprocessing and the exact image set.
 */
import type { Preprocessing } from './preprocess';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Pixels sampled per image for its identity: enough to tell two image sets apart, cheap for 10⁴ images. */
const SAMPLES_PER_IMAGE = 256;

/**
 * Identity of an image set: ids, side and a pixel sample of every image. Ids alone are not enough
 * (the demo's image 7 and NSD's image 7 differ); hashing every pixel of 10⁴ images would take seconds.
 */
export async function imageSetIdentity(
  nsdIds: Int32Array,
  size: number,
  images: Uint8Array,
): Promise<string> {
  const frame = size * size * 3;
  const step = Math.max(1, Math.floor(frame / SAMPLES_PER_IMAGE));
  const sample = new Uint8Array(nsdIds.length * SAMPLES_PER_IMAGE);
  for (let i = 0; i < nsdIds.length; i++) {
    for (let s = 0; s < SAMPLES_PER_IMAGE; s++)
      sample[i * SAMPLES_PER_IMAGE + s] = images[i * frame + ((s * step) % frame)];
  }
  const header = new TextEncoder().encode(`${size}:`);
  const ids = new Uint8Array(nsdIds.buffer, nsdIds.byteOffset, nsdIds.byteLength);
  const all = new Uint8Array(header.length + ids.length + sample.length);
  all.set(header);
  all.set(ids, header.length);
  all.set(sample, header.length + ids.length);
  return sha256Hex(all);
}

export interface CacheKeyParts {
  modelSha256: string;
  taps: string[];
  pool: number;
  preprocessing: Preprocessing;
  images: string;
}

export async function featureCacheKey(parts: CacheKeyParts): Promise<string> {
  const canonical = JSON.stringify([
    parts.modelSha256,
    parts.taps,
    parts.pool,
    [
      parts.preprocessing.inputSize,
      parts.preprocessing.mean,
      parts.preprocessing.std,
      parts.preprocessing.channelOrder,
    ],
    parts.images,
  ]);
  return sha256Hex(new TextEncoder().encode(canonical));
}
