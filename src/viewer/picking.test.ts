import { describe, expect, it } from 'vitest';
import { pickVertex } from './picking';

describe('pickVertex', () => {
  // Two triangles: one in the plane z = 0, one further along the ray at z = -5.
  const from = new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, -5, 10, 0, -5, 0, 10, -5]);
  const faces = new Uint32Array([0, 1, 2, 3, 4, 5]);
  const down = { x: 0, y: 0, z: -1 };
  const above = (x: number, y: number) => ({ x, y, z: 10 });

  it('returns the corner of the nearest crossed triangle closest to the hit', () => {
    expect(pickVertex(above(1, 1), down, from, from, 0, faces)).toEqual({ vertex: 0, distance: 10 });
    expect(pickVertex(above(6, 1), down, from, from, 0, faces)?.vertex).toBe(1);
    expect(pickVertex(above(2, 7), down, from, from, 0, faces)?.vertex).toBe(2);
  });

  it('misses outside every triangle and behind the origin', () => {
    expect(pickVertex(above(8, 8), down, from, from, 0, faces)).toBeUndefined();
    expect(pickVertex({ x: 1, y: 1, z: -10 }, down, from, from, 0, faces)).toBeUndefined();
  });

  it('hits triangles from either side', () => {
    expect(pickVertex({ x: 1, y: 1, z: -10 }, { x: 0, y: 0, z: 1 }, from, from, 0, faces)).toEqual({
      vertex: 3,
      distance: 5,
    });
  });

  it('tests only the first indexCount indices', () => {
    expect(pickVertex(above(1, 1), down, from, from, 0, new Uint32Array([3, 4, 5, 0, 1, 2]), 3)?.vertex).toBe(
      3,
    );
  });

  it('picks on the blend of two surfaces', () => {
    // The target surface moves the first triangle 20 along +x, out from under the ray at x = 1.
    const to = from.slice();
    for (const v of [0, 1, 2]) to[3 * v] += 20;
    expect(pickVertex(above(1, 1), down, from, to, 1, faces)).toEqual({ vertex: 3, distance: 15 });
    // Halfway, the first triangle spans x 10..20 and is hit near its corner 0.
    expect(pickVertex(above(11, 1), down, from, to, 0.5, faces)).toEqual({ vertex: 0, distance: 10 });
    expect(pickVertex(above(21, 1), down, from, to, 1, faces)).toEqual({ vertex: 0, distance: 10 });
  });
});
