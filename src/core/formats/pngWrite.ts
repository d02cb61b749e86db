/**
 * A PNG encoder for 8-bit RGB images (dreams, saved from the CLI and the studio alike). Rows are stored
 * unfiltered and compressed with the platform's `CompressionStream`, so core needs no zlib binding.
 */
import { concatBytes, toBytes } from './binary';

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concatBytes([new TextEncoder().encode(type), data]);
  return concatBytes([
    toBytes(Uint32Array.of(data.length), false),
    typed,
    toBytes(Uint32Array.of(crc32(typed)), false),
  ]);
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** width × height × 3 bytes, rows top to bottom → PNG file bytes. */
export async function encodeRgbPng(width: number, height: number, rgb: Uint8Array): Promise<Uint8Array> {
  if (rgb.length !== width * height * 3)
    throw new Error(`${rgb.length} bytes is not a ${width}×${height} RGB image`);
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = new Uint8Array(13);
  header.set(toBytes(Uint32Array.of(width, height), false));
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, no filter method variants, no interlace
  return concatBytes([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
