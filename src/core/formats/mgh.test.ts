import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mghAffine, readMgh, writeMgh } from './mgh';

describe('mgh', () => {
  it('round-trips every writable type through writeMgh, plain and gzipped', async () => {
    const arrays = [
      Float32Array.from([0.5, -2, 1e6]),
      Int32Array.from([-(2 ** 31), 0, 5]),
      Uint8Array.from([0, 7, 255]),
      Int16Array.from([-32768, 1, 32767]),
    ];
    for (const data of arrays) {
      const bytes = writeMgh({ dims: [3], data });
      expect(bytes.length).toBe(284 + data.byteLength);
      for (const file of [bytes, gzipSync(bytes)]) {
        const volume = await readMgh(file);
        expect(volume.dims).toEqual([3, 1, 1, 1]);
        expect(volume.data).toEqual(data);
      }
    }
  });

  it('keeps width fastest and frames slowest', async () => {
    // Two vertices × three frames: vertex v of frame f is at v + 2f.
    const data = Float32Array.from([10, 20, 11, 21, 12, 22]);
    const volume = await readMgh(writeMgh({ dims: [2, 1, 1, 3], data }));
    expect(volume.dims).toEqual([2, 1, 1, 3]);
    expect(volume.data[1 + 2 * 2]).toBe(22);
  });

  it('computes the affine like nibabel and returns null without goodRAS', async () => {
    const bytes = writeMgh({ dims: [4, 6, 8], data: new Float32Array(4 * 6 * 8) });
    const view = new DataView(bytes.buffer);
    // spacing (2, 3, 4); Mdc rows x=(-1,0,0), y=(0,0,-1), z=(0,1,0); centre RAS (1, 2, 3).
    [2, 3, 4, -1, 0, 0, 0, 0, -1, 0, 1, 0, 1, 2, 3].forEach((v, i) => view.setFloat32(30 + 4 * i, v, false));
    const volume = await readMgh(bytes);
    expect(volume.spacing).toEqual([2, 3, 4]);
    expect(volume.cras).toEqual([1, 2, 3]);
    expect(mghAffine(volume)).toEqual([
      [-2, 0, 0, 5],
      [0, 0, 4, -14],
      [0, -3, 0, 12],
      [0, 0, 0, 1],
    ]); // nibabel MGHHeader.get_affine() for the same header
    view.setInt16(28, 0, false);
    expect(mghAffine(await readMgh(bytes))).toBeNull();
  });

  it('names what is wrong with a bad file', async () => {
    const good = writeMgh({ dims: [4], data: new Float32Array(4) });
    await expect(readMgh(good.subarray(0, 100))).rejects.toThrow(/MGH header is truncated \(100 bytes\)/);
    await expect(readMgh(good.subarray(0, good.length - 1))).rejects.toThrow(
      /MGH data is truncated: 4×1×1×1 float32 values need 300 bytes, the file has 299/,
    );
    const wrongType = good.slice();
    new DataView(wrongType.buffer).setInt32(20, 2, false);
    await expect(readMgh(wrongType)).rejects.toThrow(/unsupported MGH data type 2/);
    const wrongVersion = good.slice();
    new DataView(wrongVersion.buffer).setInt32(0, 2, false);
    await expect(readMgh(wrongVersion)).rejects.toThrow(/not an MGH file \(version 2/);
    expect(() => writeMgh({ dims: [3, 2], data: new Float32Array(5) })).toThrow(
      /dims 3×2 do not match 5 values/,
    );
  });
});
