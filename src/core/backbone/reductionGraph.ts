/**
 * Layer taps with their reduction appended to the graph, so the backend (GPU or wasm) averages the
 * activations and only channels × (1 + k²) numbers per image and layer come back to JavaScript.
 *
 * Per tap the model gets one output, `<tap>::features` (batch × rowLength): each channel's spatial mean,
 * then (k > 1) each channel pooled to a k × k grid with torch's adaptive_avg_pool2d cells. Both are
 * matrix products with averaging matrices, which is exact for any H, W and k and uses only MatMul,
 * Reshape, Transpose, Slice and Concat (supported by every backend and opset ≥ 13).
 */
import type { ModelProto } from 'onnx-buf';
import {
  floatTensor,
  int64Tensor,
  node,
  tensorInfo,
  type NodeProto,
  type TensorProto,
} from '../onnx/builder';
import { tapModel } from '../onnx/taps';
import { effectivePool, rowLength, type TapGeometry } from './geometry';

export interface ReducedTap {
  name: string;
  geometry: TapGeometry;
}

export const featureOutput = (tap: string) => `${tap}::features`;

/** torch's adaptive_avg_pool2d cell i over n inputs: [floor(i·n/k), ceil((i+1)·n/k)). */
export function poolCells(n: number, k: number): [number, number][] {
  return Array.from({ length: k }, (_, i) => [Math.floor((i * n) / k), Math.ceil(((i + 1) * n) / k)]);
}

/** k × n matrix whose row i averages cell i (rows = true) or its transpose (n × k). */
function averagingMatrix(n: number, k: number, rows: boolean): { data: Float32Array; dims: number[] } {
  const data = new Float32Array(n * k);
  poolCells(n, k).forEach(([a, b], i) => {
    for (let j = a; j < b; j++) data[rows ? i * n + j : j * k + i] = 1 / (b - a);
  });
  return { data, dims: rows ? [k, n] : [n, k] };
}

/** Appends nodes and constants to a graph under a name prefix; the encoder export builds its head with it too. */
export class GraphAppender {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private count = 0;

  constructor(private readonly prefix: string) {}

  name(what: string): string {
    return `${this.prefix}/${what}_${++this.count}`;
  }

  floats(dims: number[], values: Float32Array, what = 'floats'): string {
    const name = this.name(what);
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  matrix(n: number, k: number, rows: boolean): string {
    const m = averagingMatrix(n, k, rows);
    return this.floats(m.dims, m.data, 'avg');
  }

  ints(values: number[]): string {
    const name = this.name('ints');
    this.initializers.push(int64Tensor(name, values));
    return name;
  }

  op(type: string, inputs: string[], attributes: Record<string, number | number[]> = {}, output?: string) {
    const out = output ?? this.name(type.toLowerCase());
    this.nodes.push(node(type, inputs, [out], attributes, this.name(type)));
    return out;
  }

  /** (N, C, H, W) → (N, C·k·k), pooled with adaptive average cells. */
  pool(x: string, c: number, h: number, w: number, k: number): string {
    const cols = this.op('MatMul', [x, this.matrix(w, k, false)]);
    const cells = this.op('MatMul', [this.matrix(h, k, true), cols]);
    return this.op('Reshape', [cells, this.ints([-1, c * k * k])]);
  }
}

function reduceTap(g: GraphAppender, tap: ReducedTap, pool: number): string {
  const out = featureOutput(tap.name);
  const geo = tap.geometry;
  const k = effectivePool(geo, pool);
  if (geo.kind === 'vector') return g.op('Identity', [tap.name], {}, out);

  let grid: { x: string; h: number; w: number };
  if (geo.kind === 'grid') grid = { x: tap.name, h: geo.height, w: geo.width };
  else {
    const channelsFirst = g.op('Transpose', [tap.name], { perm: [0, 2, 1] });
    if (geo.side === 0) {
      const mean = g.op('MatMul', [channelsFirst, g.matrix(geo.tokens, 1, false)]);
      return g.op('Reshape', [mean, g.ints([-1, geo.channels])], {}, out);
    }
    const patches = g.op('Slice', [
      channelsFirst,
      g.ints([geo.tokens - geo.side * geo.side]),
      g.ints([geo.tokens]),
      g.ints([2]),
    ]);
    const x = g.op('Reshape', [patches, g.ints([-1, geo.channels, geo.side, geo.side])]);
    grid = { x, h: geo.side, w: geo.side };
  }
  const mean = g.pool(grid.x, geo.channels, grid.h, grid.w, 1);
  if (k === 1) return g.op('Identity', [mean], {}, out);
  const pooled = g.pool(grid.x, geo.channels, grid.h, grid.w, k);
  return g.op('Concat', [mean, pooled], { axis: 1 }, out);
}

/** The model with only the reduced taps as outputs. */
export function reductionModel(model: ModelProto, taps: ReducedTap[], pool: number): ModelProto {
  if (!Number.isInteger(pool) || pool < 1 || pool > 32)
    throw new RangeError(`pooling grid must be an integer 1..32, got ${pool}`);
  const reduced = tapModel(
    model,
    taps.map((t) => t.name),
  );
  const g = new GraphAppender('boldstudio_reduce');
  const graph = reduced.graph!;
  graph.output = taps.map((tap) =>
    tensorInfo(reduceTap(g, tap, pool), ['batch', rowLength(tap.geometry, pool)]),
  );
  graph.node.push(...g.nodes);
  graph.initializer.push(...g.initializers);
  return reduced;
}
