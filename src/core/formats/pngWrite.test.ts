import { describe, expect, it } from 'vitest';
import { decodePng } from './png';
import { encodeRgbPng } from './pngWrite';

describe('encodeRgbPng', () => {
  it('writes a PNG the decoder reads back, with valid CRCs', async () => {
    const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) & 0xff);
    const png = await encodeRgbPng(5, 3, rgb);
    expect(await decodePng(png)).toEqual({ width: 5, height: 3, rgb });
    // IEND's CRC over its type alone is the well-known AE 42 60 82.
    expect(Array.from(png.subarray(-4))).toEqual([0xae, 0x42, 0x60, 0x82]);
  });

  it('refuses a buffer of the wrong size', async () => {
    await expect(encodeRgbPng(2, 2, new Uint8Array(11))).rejects.toThrow('11 bytes is not a 2×2 RGB image');
  });
});
