import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toBytes, type NumericArray } from './binary';
import { readNifti, scaled, writeNifti } from './nifti';

interface Spec {
  version?: 1 | 2;
  le?: boolean;
  shape: number[];
  datatype: number;
  data: NumericArray;
  pixdim?: number[];
  slope?: number;
  inter?: number;
  /** 12 numbers: srow_x, srow_y, srow_z. */
  sform?: number[];
  /** quatern_b, c, d, qoffset_x, y, z. */
  qform?: number[];
  magic?: string;
}

/** A single-file NIfTI-1 or NIfTI-2 image, laid out as in nifti1.h / nifti2.h. */
function niftiBytes(spec: Spec): Uint8Array {
  const { version = 1, le = true, shape, pixdim = [1, 1, 1, 1, 1, 1, 1, 1] } = spec;
  const v1 = version === 1;
  const voxOffset = v1 ? 352 : 544;
  const body = toBytes(spec.data, le);
  const out = new Uint8Array(voxOffset + body.length);
  const view = new DataView(out.buffer);
  const dim = [shape.length, ...shape, ...Array(7 - shape.length).fill(1)];
  view.setInt32(0, v1 ? 348 : 540, le);
  const magic = new TextEncoder().encode(spec.magic ?? (v1 ? 'n+1\0' : 'n+2\0\r\n\x1a\n'));
  out.set(magic, v1 ? 344 : 4);
  const float = (o: number, x: number) => (v1 ? view.setFloat32(o, x, le) : view.setFloat64(o, x, le));
  const floatSize = v1 ? 4 : 8;
  dim.forEach((d, i) =>
    v1 ? view.setInt16(40 + 2 * i, d, le) : view.setBigInt64(16 + 8 * i, BigInt(d), le),
  );
  view.setInt16(v1 ? 70 : 12, spec.datatype, le);
  view.setInt16(v1 ? 72 : 14, spec.data.BYTES_PER_ELEMENT * 8, le);
  pixdim.forEach((p, i) => float((v1 ? 76 : 104) + floatSize * i, p));
  if (v1) view.setFloat32(108, voxOffset, le);
  else view.setBigInt64(168, BigInt(voxOffset), le);
  float(v1 ? 112 : 176, spec.slope ?? 0);
  float(v1 ? 116 : 184, spec.inter ?? 0);
  const code = (o: number, c: number) => (v1 ? view.setInt16(o, c, le) : view.setInt32(o, c, le));
  if (spec.qform) {
    code(v1 ? 252 : 344, 1);
    spec.qform.forEach((q, i) => float((v1 ? 256 : 352) + floatSize * i, q));
  }
  if (spec.sform) {
    code(v1 ? 254 : 348, 2);
    spec.sform.forEach((s, i) => float((v1 ? 280 : 400) + floatSize * i, s));
  }
  out.set(body, voxOffset);
  return out;
}

const SFORM = [-2, 0, 0, 10, 0, 2, 0, -20, 0, 0, 3, 5];
const VOLUME = {
  shape: [3, 2, 2],
  datatype: 4,
  data: Int16Array.from({ length: 12 }, (_, i) => i * 100 - 500),
};

describe('nifti', () => {
  it('reads a little-endian NIfTI-1 volume with its sform', async () => {
    const image = await readNifti(niftiBytes({ ...VOLUME, sform: SFORM }));
    expect(image.shape).toEqual([3, 2, 2]);
    expect(image.data).toEqual(VOLUME.data);
    expect(image.header).toMatchObject({
      version: 1,
      littleEndian: true,
      datatype: 4,
      bitpix: 16,
      voxOffset: 352,
    });
    expect(image.affine).toEqual([
      [-2, 0, 0, 10],
      [0, 2, 0, -20],
      [0, 0, 3, 5],
      [0, 0, 0, 1],
    ]);
  });

  it('reads big-endian, gzipped and NIfTI-2 files to the same image', async () => {
    const reference = await readNifti(niftiBytes({ ...VOLUME, sform: SFORM }));
    for (const bytes of [
      niftiBytes({ ...VOLUME, sform: SFORM, le: false }),
      gzipSync(niftiBytes({ ...VOLUME, sform: SFORM })),
      niftiBytes({ ...VOLUME, sform: SFORM, version: 2 }),
      niftiBytes({ ...VOLUME, sform: SFORM, version: 2, le: false }),
    ]) {
      const image = await readNifti(bytes);
      expect(image.data).toEqual(reference.data);
      expect(image.shape).toEqual(reference.shape);
      expect(image.affine).toEqual(reference.affine);
    }
    expect((await readNifti(niftiBytes({ ...VOLUME, version: 2 }))).header.version).toBe(2);
  });

  it('returns each datatype in its natural typed array', async () => {
    const cases: [number, NumericArray][] = [
      [2, Uint8Array.from([0, 255])],
      [256, Int8Array.from([-128, 127])],
      [512, Uint16Array.from([0, 65535])],
      [8, Int32Array.from([-(2 ** 31), 7])],
      [768, Uint32Array.from([0, 2 ** 32 - 1])],
      [16, Float32Array.from([0.25, -1e30])],
      [64, Float64Array.from([Math.PI, -0])],
    ];
    for (const [datatype, data] of cases) {
      for (const le of [true, false]) {
        const image = await readNifti(niftiBytes({ shape: [2], datatype, data, le }));
        expect(image.data).toBeInstanceOf(data.constructor);
        expect(image.data).toEqual(data);
      }
    }
  });

  it('builds the affine from the qform quaternion when there is no sform', async () => {
    // 90° about z: (b, c, d) = (0, 0, sin 45°); qfac = -1 flips the third axis.
    const s = Math.SQRT1_2;
    const image = await readNifti(
      niftiBytes({ ...VOLUME, version: 2, pixdim: [-1, 2, 3, 4, 1, 1, 1, 1], qform: [0, 0, s, 7, 8, 9] }),
    );
    const expected = [
      [0, -3, 0, 7],
      [2, 0, 0, 8],
      [0, 0, -4, 9],
      [0, 0, 0, 1],
    ];
    image.affine.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i][j], 12)));

    const plain = await readNifti(niftiBytes({ ...VOLUME, pixdim: [1, 1.5, 2, 2.5, 1, 1, 1, 1] }));
    expect(plain.affine).toEqual([
      [1.5, 0, 0, 0],
      [0, 2, 0, 0],
      [0, 0, 2.5, 0],
      [0, 0, 0, 1],
    ]);
  });

  it('applies scl_slope and scl_inter only when they scale', async () => {
    const image = await readNifti(niftiBytes({ ...VOLUME, slope: 0.5, inter: 1 }));
    const values = scaled(image);
    expect(values).toBeInstanceOf(Float32Array);
    expect(Array.from(values.subarray(0, 3))).toEqual([-249, -199, -149]);
    for (const [slope, inter] of [
      [0, 0],
      [1, 0],
      [NaN, 0],
    ]) {
      const unscaled = await readNifti(niftiBytes({ ...VOLUME, slope, inter }));
      expect(scaled(unscaled)).toBe(unscaled.data);
    }
    const shifted = scaled(await readNifti(niftiBytes({ ...VOLUME, slope: 1, inter: -0.5 })));
    expect(shifted[0]).toBe(-500.5);
    const doubles = await readNifti(
      niftiBytes({ shape: [1], datatype: 64, data: Float64Array.from([1 / 3]), slope: 3 }),
    );
    expect(scaled(doubles)).toEqual(Float64Array.from([1]));
  });

  it('names what is wrong with a bad file', async () => {
    await expect(readNifti(new Uint8Array(400))).rejects.toThrow(/not a NIfTI file/);
    await expect(readNifti(niftiBytes({ ...VOLUME, magic: 'ni1\0' }))).rejects.toThrow(
      /\.hdr\/\.img\) is not supported/,
    );
    await expect(readNifti(niftiBytes({ ...VOLUME, magic: 'abc\0' }))).rejects.toThrow(/not a NIfTI-1 file/);
    const rgb = niftiBytes({ shape: [2], datatype: 128, data: new Uint8Array(6) });
    await expect(readNifti(rgb)).rejects.toThrow(/unsupported NIfTI datatype 128/);
    const good = niftiBytes(VOLUME);
    await expect(readNifti(good.subarray(0, good.length - 2))).rejects.toThrow(
      /NIfTI data is truncated: 3×2×2 int16 voxels need 376 bytes, the file has 374/,
    );
    await expect(readNifti(good.subarray(0, 200))).rejects.toThrow(/NIfTI-1 header is truncated/);
    const gz = gzipSync(good);
    await expect(readNifti(gz.subarray(0, gz.length - 4))).rejects.toThrow(/truncated or not valid gzip/);
  });
});

describe('writeNifti', () => {
  it('writes a file readNifti reads back with shape, values and affine', async () => {
    const affine = [
      [-1.8, 0, 0, 10],
      [0, 1.8, 0, -20],
      [0, 0, 1.8, 5],
      [0, 0, 0, 1],
    ];
    const data = Int16Array.from({ length: 4 * 3 * 2 }, (_, i) => i - 5);
    const image = await readNifti(writeNifti({ shape: [4, 3, 2], data, affine }));
    expect(image.shape).toEqual([4, 3, 2]);
    expect(image.data).toEqual(data);
    image.affine.forEach((row, r) => row.forEach((v, c) => expect(v).toBeCloseTo(affine[r][c], 5)));
    expect(image.header.pixdim.slice(1, 4).map((v) => +v.toFixed(4))).toEqual([1.8, 1.8, 1.8]);
  });
});
