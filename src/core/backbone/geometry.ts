/**
 * What a tapped tensor looks like per image, and so how it can be reduced: a feature map
 * (channels × height × width), a token sequence (tokens × channels, as ViTs produce) or a vector.
 */

export type TapGeometry =
  | { kind: 'grid'; channels: number; height: number; width: number }
  /** `side` > 0 when the last side² tokens form a square patch grid (a leading class token is skipped). */
  | { kind: 'tokens'; channels: number; tokens: number; side: number }
  | { kind: 'vector'; channels: number };

export class GeometryError extends Error {
  override name = 'GeometryError';
}

/** Geometry from a tap's output dims (batch first), as ORT reports them. */
export function tapGeometry(layer: string, dims: readonly number[]): TapGeometry {
  const [, ...rest] = dims;
  if (rest.some((d) => !(d > 0)))
    throw new GeometryError(`layer "${layer}" has an empty shape [${dims.join(', ')}]`);
  if (rest.length === 3) return { kind: 'grid', channels: rest[0], height: rest[1], width: rest[2] };
  if (rest.length === 2) {
    const [tokens, channels] = rest;
    const side = Math.floor(Math.sqrt(tokens));
    const grid = side * side === tokens || side * side === tokens - 1 ? side : 0;
    return { kind: 'tokens', channels, tokens, side: grid };
  }
  if (rest.length === 1) return { kind: 'vector', channels: rest[0] };
  throw new GeometryError(
    `layer "${layer}" has shape [${dims.join(', ')}]; taps must be (batch, C, H, W), (batch, tokens, C) or (batch, C)`,
  );
}

/** The pooling grid side a layer really gets: vectors and grid-less token sequences are only averaged. */
export function effectivePool(g: TapGeometry, pool: number): number {
  if (g.kind === 'vector' || (g.kind === 'tokens' && g.side === 0)) return 1;
  return pool;
}

/** Values per image stored for a layer: the channel means, then (pool > 1) the pooled channels. */
export function rowLength(g: TapGeometry, pool: number): number {
  const k = effectivePool(g, pool);
  return k === 1 ? g.channels : g.channels * (1 + k * k);
}

export function describeGeometry(g: TapGeometry): string {
  if (g.kind === 'grid') return `${g.channels}×${g.height}×${g.width}`;
  if (g.kind === 'tokens') return `${g.tokens} tokens × ${g.channels}`;
  return `${g.channels}`;
}
