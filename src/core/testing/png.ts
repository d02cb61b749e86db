/** A PNG encoder for tests (Node zlib), applying the requested filter to each row (PNG spec §9.2). */
import { deflateSync } from 'node:zlib';
import { concatBytes, toBytes } from '../formats/binary';

export const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngSpec {
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

export function encodePng(spec: PngSpec): Uint8Array {
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

/** An RGB image with no filtering, the common case for fixtures. */
export function rgbPng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  return encodePng({ width, height, colour: 2, samples: rgb, filters: new Array(height).fill(0) });
}
