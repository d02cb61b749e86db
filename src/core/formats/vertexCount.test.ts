import { describe, expect, it } from 'vitest';
import { checkVertexCount } from './vertexCount';

describe('checkVertexCount', () => {
  it('passes one value per vertex and names both files and counts otherwise', () => {
    expect(() => checkVertexCount('lh.curv', new Float32Array(10242), 10242, 'lh.pial')).not.toThrow();
    expect(() => checkVertexCount('lh.curv', new Float32Array(10242), 163842, 'lh.pial')).toThrow(
      'lh.curv has 10242 values but the surface lh.pial has 163842 vertices',
    );
    expect(() => checkVertexCount('accuracy map', [1, 2], 3)).toThrow(
      /^accuracy map has 2 values but the surface has 3 vertices$/,
    );
  });
});
