import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64';

describe('base64', () => {
  it('decodes what Node’s Buffer encodes, at every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
      const text = Buffer.from(bytes).toString('base64');
      expect(decodeBase64(text)).toEqual(bytes);
      expect(decodeBase64(text.replace(/=+$/, ''))).toEqual(bytes);
      expect(decodeBase64(text.replace(/(.{5})/g, '$1\r\n\t '))).toEqual(bytes);
    }
  });

  it('names bad input', () => {
    expect(() => decodeBase64('QUJD-A==')).toThrow(/character "-" at 4 is not base64/);
    expect(() => decodeBase64('QUJDR')).toThrow(/truncated: 5 characters/);
    expect(() => decodeBase64('QQ==QQ==')).toThrow(/continues after its padding, at 4/);
    expect(() => decodeBase64('QUJ\u00e9')).toThrow(/"é" at 3 is not base64/);
  });
});
