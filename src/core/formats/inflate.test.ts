import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflate, isGzip } from './inflate';

// 30 kB: more than one 16 kB output chunk from the stream.
const text = new TextEncoder().encode('voxel '.repeat(5_000));

describe('inflate', () => {
  it('decompresses gzip, zlib and raw deflate', async () => {
    expect(await inflate(gzipSync(text), 'gzip')).toEqual(text);
    expect(await inflate(deflateSync(text), 'deflate')).toEqual(text);
    expect(await inflate(deflateRawSync(text), 'deflate-raw')).toEqual(text);
    expect(await inflate(gzipSync(new Uint8Array(0)), 'gzip')).toEqual(new Uint8Array(0));
  });

  it('decompresses a view into a larger buffer', async () => {
    const gz = gzipSync(text);
    const padded = new Uint8Array(gz.length + 10);
    padded.set(gz, 5);
    expect(await inflate(padded.subarray(5, 5 + gz.length), 'gzip')).toEqual(text);
  });

  it('recognises gzip by its magic number', () => {
    expect(isGzip(gzipSync(text))).toBe(true);
    expect(isGzip(deflateSync(text))).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('says when the data is truncated or corrupt', async () => {
    const gz = gzipSync(text);
    await expect(inflate(gz.subarray(0, gz.length - 8), 'gzip')).rejects.toThrow(
      /is truncated or not valid gzip/,
    );
    await expect(inflate(new TextEncoder().encode('plain text'), 'gzip')).rejects.toThrow(
      /is truncated or not valid gzip/,
    );
    await expect(inflate(gz, 'deflate')).rejects.toThrow(/not valid deflate/);
  });
});
