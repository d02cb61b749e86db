/**
 * Decompression through the platform's `DecompressionStream` (browsers, workers and Node ≥ 18 all
 * have it), so core code needs neither zlib bindings nor a JS inflate port.
 */
import { concatBytes } from './binary';

export type InflateFormat = 'gzip' | 'deflate' | 'deflate-raw';

export class InflateError extends Error {
  override name = 'InflateError';
}

/** Whether the bytes start with the gzip magic number 1F 8B. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** 'deflate' is a zlib stream (RFC 1950), 'deflate-raw' bare deflate blocks (RFC 1951), 'gzip' RFC 1952. */
export async function inflate(bytes: Uint8Array, format: InflateFormat): Promise<Uint8Array> {
  const stream = new DecompressionStream(format);
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  // Write and read concurrently: the stream applies backpressure, so awaiting the write first could stall.
  const written = writer.write(bytes as Uint8Array<ArrayBuffer>).then(() => writer.close());
  const read = (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
  })();
  try {
    await Promise.all([written, read]);
  } catch (error) {
    throw new InflateError(`${format} data (${bytes.length} bytes) is truncated or not valid ${format}`, {
      cause: error,
    });
  }
  return chunks.length === 1 ? chunks[0] : concatBytes(chunks);
}
