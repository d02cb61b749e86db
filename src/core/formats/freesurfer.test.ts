import { describe, expect, it } from 'vitest';
import { concatBytes, toBytes } from './binary';
import { readCurv, readSurface } from './freesurfer';

/** A triangle surface as FreeSurfer (and nibabel's write_geometry) writes it. */
function surfaceBytes(
  positions: number[],
  faces: number[],
  stamp = 'created by test on Mon Jan  1 00:00:00 2024',
): Uint8Array {
  return concatBytes([
    new Uint8Array([0xff, 0xff, 0xfe]),
    new TextEncoder().encode(`${stamp}\n\n`),
    toBytes(Int32Array.from([positions.length / 3, faces.length / 3]), false),
    toBytes(Float32Array.from(positions), false),
    toBytes(Int32Array.from(faces), false),
  ]);
}

/** A tetrahedron. */
const POSITIONS = [0, 0, 0, 1, 0, 0, 0, 1.5, 0, 0, 0, -2.25];
const FACES = [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3];

describe('freesurfer surfaces', () => {
  it('reads big-endian vertices and faces', () => {
    const mesh = readSurface(surfaceBytes(POSITIONS, FACES));
    expect(mesh.positions).toEqual(Float32Array.from(POSITIONS));
    expect(mesh.faces).toEqual(Uint32Array.from(FACES));
    // An empty stamp line still ends in the blank line.
    expect(readSurface(surfaceBytes(POSITIONS, FACES, '')).faces).toHaveLength(12);
  });

  it('names what is wrong with a bad surface', () => {
    const good = surfaceBytes(POSITIONS, FACES);
    expect(() => readSurface(good.slice(1))).toThrow(/not a FreeSurfer triangle surface/);
    const quad = good.slice();
    quad[2] = 0xff;
    expect(() => readSurface(quad)).toThrow(/quad surfaces are not supported/);
    const oneLine = concatBytes([
      new Uint8Array([0xff, 0xff, 0xfe]),
      new TextEncoder().encode('created\nxx'),
    ]);
    expect(() => readSurface(oneLine)).toThrow(/does not end in a blank line/);
    expect(() => readSurface(good.subarray(0, good.length - 4))).toThrow(
      /truncated: 4 vertices and 4 faces need \d+ bytes/,
    );
    expect(() => readSurface(surfaceBytes(POSITIONS, [0, 1, 4]))).toThrow(
      /face 0 refers to vertex 4, but there are 4/,
    );
    expect(() => readSurface(surfaceBytes(POSITIONS, [0, 1, -1]))).toThrow(/refers to vertex -1/);
  });
});

describe('freesurfer curv', () => {
  const curv = (values: number[], perVertex = 1) =>
    concatBytes([
      new Uint8Array([0xff, 0xff, 0xff]),
      toBytes(Int32Array.from([values.length, 7, perVertex]), false),
      toBytes(Float32Array.from(values), false),
    ]);

  it('reads new-format per-vertex values', () => {
    expect(readCurv(curv([0.5, -1.25, 3]))).toEqual(Float32Array.from([0.5, -1.25, 3]));
  });

  it('names what is wrong with a bad curv file', () => {
    // Old format: a 3-byte vertex count instead of the magic.
    expect(() => readCurv(new Uint8Array([0, 0, 3, 0, 0, 1]))).toThrow(/not a new-format FreeSurfer curv/);
    expect(() => readCurv(curv([1, 2], 3))).toThrow(/3 values per vertex/);
    expect(() => readCurv(curv([1, 2]).subarray(0, 20))).toThrow(/curv is truncated: 2 values need 23 bytes/);
    expect(() => readCurv(curv([]).subarray(0, 10))).toThrow(/curv header is truncated/);
  });
});
