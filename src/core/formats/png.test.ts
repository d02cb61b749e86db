import { describe, expect, it } from 'vitest';
import { encodePng, type PngSpec } from '../testing/png';
import { decodePng } from './png';

/** Deterministic bytes covering the whole 0..255 range, so filters wrap around. */
function noise(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0, s = seed; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

const ALL_FILTERS = [0, 1, 2, 3, 4, 4, 3, 2, 1, 0];

describe('png', () => {
  it('decodes RGB with every filter type, across several IDAT chunks', async () => {
    const samples = noise(7 * 10 * 3, 1);
    const image = await decodePng(
      encodePng({ width: 7, height: 10, colour: 2, samples, filters: ALL_FILTERS, idatChunks: 3 }),
    );
    expect(image.width).toBe(7);
    expect(image.height).toBe(10);
    expect(image.rgb).toEqual(samples);
  });

  it('converts every colour type to RGB, dropping alpha', async () => {
    const [w, h] = [5, 10];
    const n = w * h;
    const gray = noise(n, 2);
    const rgba = noise(n * 4, 3);
    const grayAlpha = noise(n * 2, 4);
    const indices = noise(n, 5).map((v) => v % 4);
    const palette = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
    const rgbFrom = (f: (i: number) => number[]) =>
      Uint8Array.from(Array.from({ length: n }, (_, i) => f(i)).flat());
    const cases: [PngSpec, Uint8Array][] = [
      [
        { width: w, height: h, colour: 0, samples: gray, filters: ALL_FILTERS },
        rgbFrom((i) => [gray[i], gray[i], gray[i]]),
      ],
      [
        { width: w, height: h, colour: 4, samples: grayAlpha, filters: ALL_FILTERS },
        rgbFrom((i) => [grayAlpha[2 * i], grayAlpha[2 * i], grayAlpha[2 * i]]),
      ],
      [
        { width: w, height: h, colour: 6, samples: rgba, filters: ALL_FILTERS },
        rgbFrom((i) => [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]]),
      ],
      [
        { width: w, height: h, colour: 3, samples: indices, filters: ALL_FILTERS, palette },
        rgbFrom((i) => palette.slice(3 * indices[i], 3 * indices[i] + 3)),
      ],
    ];
    for (const [spec, rgb] of cases) {
      expect((await decodePng(encodePng(spec))).rgb, `colour type ${spec.colour}`).toEqual(rgb);
    }
  });

  it('names what is wrong with an unsupported or bad file', async () => {
    const base: PngSpec = { width: 2, height: 2, colour: 2, samples: noise(12, 6), filters: [0, 0] };
    await expect(decodePng(new Uint8Array(20))).rejects.toThrow(/not a PNG file/);
    await expect(decodePng(encodePng({ ...base, depth: 16 }))).rejects.toThrow(
      /16-bit PNGs are not supported/,
    );
    await expect(decodePng(encodePng({ ...base, interlace: 1 }))).rejects.toThrow(/interlaced \(Adam7\)/);
    const colour5 = encodePng(base);
    colour5[25] = 5; // IHDR colour type
    await expect(decodePng(colour5)).rejects.toThrow(/colour type 5 is not valid/);
    const indexed: PngSpec = { ...base, colour: 3, samples: Uint8Array.from([0, 1, 2, 3]) };
    await expect(decodePng(encodePng(indexed))).rejects.toThrow(/has no PLTE chunk/);
    await expect(decodePng(encodePng({ ...indexed, palette: [1, 2, 3, 4, 5, 6] }))).rejects.toThrow(
      /pixel 2 uses palette entry 2, beyond the PLTE chunk/,
    );
    await expect(decodePng(encodePng({ ...base, filters: [0, 7] }))).rejects.toThrow(
      /row 1 has unknown filter type 7/,
    );
    const good = encodePng(base);
    await expect(decodePng(good.subarray(0, good.length - 12))).rejects.toThrow(/no IEND chunk/);
    await expect(decodePng(good.subarray(0, 45))).rejects.toThrow(/truncated inside its/);
    // Declared taller than the data it holds.
    const tall = good.slice();
    new DataView(tall.buffer).setUint32(20, 3, false);
    await expect(decodePng(tall)).rejects.toThrow(/PNG image data is truncated: 14 of 21 bytes/);
  });
});
