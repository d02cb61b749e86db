/**
 * Base64 (RFC 4648, standard alphabet) to bytes. Our own decoder because Buffer is Node-only and
 * atob builds a binary string of the whole payload first. Whitespace is skipped (GIfTI writers wrap
 * their data across lines) and the final padding may be left out.
 */

export class Base64Error extends Error {
  override name = 'Base64Error';
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTET[ALPHABET.charCodeAt(i)] = i;

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const PAD = 0x3d;

export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
  let bits = 0;
  let pending = 0;
  let sextets = 0;
  let length = 0;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === PAD) break;
    if (isSpace(c)) continue;
    const value = c < 128 ? SEXTET[c] : -1;
    if (value < 0) throw new Base64Error(`character ${JSON.stringify(text[i])} at ${i} is not base64`);
    bits = ((bits << 6) | value) & 0xffffff;
    pending += 6;
    sextets++;
    if (pending >= 8) {
      pending -= 8;
      out[length++] = (bits >> pending) & 0xff;
    }
  }
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== PAD && !isSpace(c)) throw new Base64Error(`base64 continues after its padding, at ${i}`);
  }
  // One leftover character carries only 6 bits: not even one byte.
  if (sextets % 4 === 1) throw new Base64Error(`base64 is truncated: ${sextets} characters`);
  return out.subarray(0, length);
}
