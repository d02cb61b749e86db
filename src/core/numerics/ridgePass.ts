/**
 * One pass over all targets with the decomposition of a set of training rows, block by block. Block
 * b + 1 is gathered and its product Pᵀy queued before block b is awaited and visited, so the product
 * (on the gemm's threads) overlaps both the gathering and the visiting (on this thread). Two blocks are
 * in memory at a time.
 */
import { subContext, type JobContext } from '../jobs/progress';
import type { Gemm } from './gemm';
import type { Dense } from './matmul';
import { project, ridgeBasis, type RidgeBasis } from './ridgeBasis';
import { centredRows, countRows, targetBlock, type RowRanges } from './ridgeData';

export interface PassData {
  x: Float32Array;
  y: Float32Array;
  d: number;
  v: number;
  /** Targets per block. */
  block: number;
}

export interface ProjectedBlock {
  /** Targets v0 … v1 − 1. */
  v0: number;
  v1: number;
  /** z = Pᵀy per target, target-major: (v1 − v0) × order. */
  z: Dense;
  /** Each centred target's sum of squares over the rows. */
  sumSquares: Float64Array;
}

export type BlockVisitor = (block: ProjectedBlock) => Promise<void> | void;

/** Decomposes `rows`, then calls `start` once with the basis and its visitor for each block, in order. */
export async function targetPass(
  data: PassData,
  rows: RowRanges,
  xMean: Float64Array,
  yMean: Float64Array,
  gemm: Gemm,
  ctx: JobContext,
  start: (basis: RidgeBasis) => Promise<BlockVisitor> | BlockVisitor,
): Promise<RidgeBasis> {
  const { x, y, d, v } = data;
  const n = countRows(rows);
  const xc = centredRows(x, d, rows, xMean, gemm.allocate);
  const basis = await ridgeBasis(xc, n, d, gemm, subContext(ctx, 0, 0.3));
  const visit = await start(basis);
  const projection = (v0: number) => {
    const v1 = Math.min(v, v0 + data.block);
    const { block, sumSquares } = targetBlock(y, v, rows, v0, v1, yMean, gemm.allocate);
    const z = project(basis, block, n, v1 - v0, gemm);
    z.catch(() => {}); // awaited in turn, possibly after an earlier block failed
    return { v0, v1, z, sumSquares };
  };
  let current = projection(0);
  for (;;) {
    const { v0, v1, sumSquares } = current;
    await ctx.checkpoint(0.3 + (0.7 * v0) / v, `targets ${v0 + 1}–${v1} of ${v}`);
    const upcoming = v1 < v ? projection(v1) : undefined;
    await visit({ v0, v1, z: await current.z, sumSquares });
    if (!upcoming) break;
    current = upcoming;
  }
  await ctx.checkpoint(1, `${v} targets`);
  return basis;
}
