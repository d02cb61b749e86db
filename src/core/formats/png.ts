/**
 * A PNG decoder for 8-bit, non-interlaced images of any colour type, returning RGB (alpha and tRNS
 * are dropped). Algonauts 2023 ships its stimuli as such PNGs; decoding them here works the same in
 * Node and in workers, where there is no canvas/ImageBitmap path in Node. CRCs are not checked.
 */
import { concatBytes, dataView } from './binary';
import { inflate } from './inflate';

export interface PngImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, rows top to bottom. */
  rgb: Uint8Array;
}

export class PngFormatError extends Error {
  override name = 'PngFormatError';
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Bytes per pixel at 8 bits per sample, by colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG spec §9); returns the pixel bytes without the filter-type bytes. */
function unfilter(raw: Uint8Array, height: number, stride: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    if (filter > 4) throw new PngFormatError(`PNG row ${y} has unknown filter type ${filter}`);
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? row[x - bpp] : 0;
      const b = up[x];
      const c = x >= bpp ? up[x - bpp] : 0;
      const predictor =
        filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth(a, b, c);
      row[x] = src[x] + predictor;
    }
  }
  return out;
}

export async function decodePng(bytes: Uint8Array): Promise<PngImage> {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new PngFormatError('not a PNG file (bad signature)');
  }
  const view = dataView(bytes);
  const idat: Uint8Array[] = [];
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  for (let pos = 8; ;) {
    if (pos + 8 > bytes.length) throw new PngFormatError('PNG is truncated (no IEND chunk)');
    const length = view.getUint32(pos, false);
    const type = String.fromCharCode(...bytes.subarray(pos + 4, pos + 8));
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (data.length < length) throw new PngFormatError(`PNG is truncated inside its ${type} chunk`);
    pos += 12 + length; // length, type, data, CRC
    if (type === 'IHDR') {
      if (length < 13) throw new PngFormatError(`PNG IHDR chunk is ${length} bytes, not 13`);
      const v = dataView(data);
      header = {
        width: v.getUint32(0, false),
        height: v.getUint32(4, false),
        depth: data[8],
        colour: data[9],
        interlace: data[12],
      };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  if (!header) throw new PngFormatError('PNG has no IHDR chunk');
  const { width, height, depth, colour, interlace } = header;
  if (depth !== 8) throw new PngFormatError(`${depth}-bit PNGs are not supported (only 8-bit)`);
  if (interlace !== 0) throw new PngFormatError('interlaced (Adam7) PNGs are not supported');
  const channels = CHANNELS[colour];
  if (!channels) throw new PngFormatError(`PNG colour type ${colour} is not valid`);
  if (colour === 3 && !palette) throw new PngFormatError('palette PNG has no PLTE chunk');

  const raw = await inflate(concatBytes(idat), 'deflate');
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) {
    throw new PngFormatError(`PNG image data is truncated: ${raw.length} of ${height * (stride + 1)} bytes`);
  }
  const pixels = unfilter(raw, height, stride, channels);

  const pal = palette ?? new Uint8Array(0);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    if (colour === 3) {
      const index = pixels[p];
      if (3 * index + 2 >= pal.length) {
        throw new PngFormatError(`PNG pixel ${i} uses palette entry ${index}, beyond the PLTE chunk`);
      }
      rgb.set(pal.subarray(3 * index, 3 * index + 3), 3 * i);
    } else if (colour === 2 || colour === 6) {
      rgb[3 * i] = pixels[p];
      rgb[3 * i + 1] = pixels[p + 1];
      rgb[3 * i + 2] = pixels[p + 2];
    } else {
      rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = pixels[p]; // grey, grey + alpha
    }
  }
  return { width, height, rgb };
}
