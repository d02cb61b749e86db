import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatBytes, toBytes } from './binary';
import { decodePng } from './png';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Spec {
  width: number;
  height: number;
  colour: number;
  /** Samples, row by row, CHANNELS[colour] per pixel. */
  samples: Uint8Array;
  /** Filter type of each row. */
  filters: number[];
  palette?: number[];
  depth?: number;
  interlace?: number;
  /** Split the compressed stream over this many IDAT chunks. */
  idatChunks?: number;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  // The decoder does not check CRCs, so they are left as zero.
  return concatBytes([
    toBytes(Uint32Array.from([data.length]), false),
    new TextEncoder().encode(type),
    data,
    new Uint8Array(4),
  ]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A PNG encoder applying the requested filter to each row (PNG spec §9.2). */
function encodePng(spec: Spec): Uint8Array {
  const bpp = CHANNELS[spec.colour];
  const stride = spec.width * bpp;
  const filtered = new Uint8Array(spec.height * (stride + 1));
  for (let y = 0; y < spec.height; y++) {
    const row = spec.samples.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? spec.samples.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    const filter = spec.filters[y];
    filtered[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? row[x - bpp] : 0;
      const c = x >= bpp ? up[x - bpp] : 0;
      const predictor = [0, a, up[x], (a + up[x]) >> 1, paeth(a, up[x], c)][filter] ?? 0;
      filtered[y * (stride + 1) + 1 + x] = (row[x] - predictor) & 0xff;
    }
  }
  const compressed = deflateSync(filtered);
  const pieces = spec.idatChunks ?? 1;
  const size = Math.ceil(compressed.length / pieces);
  const ihdr = new Uint8Array(13);
  ihdr.set(toBytes(Uint32Array.from([spec.width, spec.height]), false));
  ihdr.set([spec.depth ?? 8, spec.colour, 0, 0, spec.interlace ?? 0], 8);
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...(spec.palette ? [chunk('PLTE', Uint8Array.from(spec.palette))] : []),
    chunk('tEXt', new TextEncoder().encode('Comment\0ignored')),
    ...Array.from({ length: pieces }, (_, i) => chunk('IDAT', compressed.subarray(i * size, (i + 1) * size))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

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
    const cases: [Spec, Uint8Array][] = [
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
    const base: Spec = { width: 2, height: 2, colour: 2, samples: noise(12, 6), filters: [0, 0] };
    await expect(decodePng(new Uint8Array(20))).rejects.toThrow(/not a PNG file/);
    await expect(decodePng(encodePng({ ...base, depth: 16 }))).rejects.toThrow(
      /16-bit PNGs are not supported/,
    );
    await expect(decodePng(encodePng({ ...base, interlace: 1 }))).rejects.toThrow(/interlaced \(Adam7\)/);
    const colour5 = encodePng(base);
    colour5[25] = 5; // IHDR colour type
    await expect(decodePng(colour5)).rejects.toThrow(/colour type 5 is not valid/);
    const indexed: Spec = { ...base, colour: 3, samples: Uint8Array.from([0, 1, 2, 3]) };
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
