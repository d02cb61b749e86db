/**
 * The multi-shift tridiagonal solves of ridge scoring, (T + α_a I) u_a = z for every α of a grid, in
 * WebAssembly SIMD. The module is generated for the grid's size: shifts go in pairs into f64x2 registers,
 * so each sweep down or up T carries all the grid's recurrences in registers and touches memory only for
 * the factors and u. In JS the same loops cost about ten times as much (short inner loops over α).
 */
import type { Dense } from './matmul';
import type { ShiftedGrid } from './tridiagonal';
import { op, wasmModule, type Bytes, type FuncSpec } from './wasmBinary';

const PAGE = 65536;
const { i32, get, set, add, sub } = op;

/**
 * solve(z, r, lower, inv, u, zu, uu) for `lanes` pairs of shifts: z is r values (f32 or f64); lower, inv
 * and u are r rows of 2·lanes f64 (shift-interleaved); zu, uu get zᵀu_a and u_aᵀu_a.
 */
function solveFunc(lanes: number, zPrecision: Precision): FuncSpec {
  const zBytes = zPrecision === 'float32' ? 4 : 8;
  const loadZ = zPrecision === 'float32' ? op.splatF32AsF64 : op.splatF64;
  const [z, r, lower, inv, u, zu, uu] = [0, 1, 2, 3, 4, 5, 6];
  const [k, o, zp] = [7, 8, 9];
  const zi = 10;
  const x = 11;
  const prev = Array.from({ length: lanes }, (_, l) => 12 + l);
  const accZu = Array.from({ length: lanes }, (_, l) => 12 + lanes + l);
  const accUu = Array.from({ length: lanes }, (_, l) => 12 + 2 * lanes + l);
  const stride = 16 * lanes;
  const at = (base: number, l: number) => add(get(base), add(get(o), i32(16 * l)));

  const forwardRow: Bytes[] = [
    set(o, add(get(o), i32(stride))),
    set(zp, add(get(zp), i32(zBytes))),
    set(zi, loadZ(get(zp))),
    ...prev.flatMap((p, l) => [
      // y_i = z_i − l_{i−1} y_{i−1}; the factor row is the previous one.
      set(p, op.f64x2Sub(get(zi), op.f64x2Mul(op.v128Load(sub(at(lower, l), i32(stride))), get(p)))),
      op.v128Store(at(u, l), get(p)),
    ]),
  ];
  const backwardRow: Bytes[] = [
    set(o, sub(get(o), i32(stride))),
    set(zp, sub(get(zp), i32(zBytes))),
    set(zi, loadZ(get(zp))),
    ...prev.flatMap((p, l) => [
      // u_i = y_i / d_i − l_i u_{i+1}
      set(
        x,
        op.f64x2Sub(
          op.f64x2Mul(op.v128Load(at(u, l)), op.v128Load(at(inv, l))),
          op.f64x2Mul(op.v128Load(at(lower, l)), get(p)),
        ),
      ),
      op.v128Store(at(u, l), get(x)),
      set(p, get(x)),
      set(accZu[l], op.f64x2Add(get(accZu[l]), op.f64x2Mul(get(zi), get(x)))),
      set(accUu[l], op.f64x2Add(get(accUu[l]), op.f64x2Mul(get(x), get(x)))),
    ]),
  ];
  return {
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: ['i32', 'i32', 'i32', 'v128', 'v128', ...new Array<'v128'>(3 * lanes).fill('v128')],
    export: 'solve',
    body: [
      // Forward: L y = z, from row 0.
      set(o, i32(0)),
      set(zp, get(z)),
      set(zi, loadZ(get(zp))),
      ...prev.flatMap((p, l) => [set(p, get(zi)), op.v128Store(at(u, l), get(p))]),
      op.forLoop(k, i32(1), get(r), i32(1), forwardRow),
      // Backward: D Lᵀ u = y, from row r − 1 (where o and zp now point).
      set(zi, loadZ(get(zp))),
      ...prev.flatMap((p, l) => [
        set(x, op.f64x2Mul(op.v128Load(at(u, l)), op.v128Load(at(inv, l)))),
        op.v128Store(at(u, l), get(x)),
        set(p, get(x)),
        set(accZu[l], op.f64x2Mul(get(zi), get(x))),
        set(accUu[l], op.f64x2Mul(get(x), get(x))),
      ]),
      op.forLoop(k, i32(1), get(r), i32(1), backwardRow),
      ...prev.flatMap((_, l) => [
        op.v128Store(add(get(zu), i32(16 * l)), get(accZu[l])),
        op.v128Store(add(get(uu), i32(16 * l)), get(accUu[l])),
      ]),
    ],
  };
}

type Precision = 'float32' | 'float64';

const modules = new Map<string, Promise<WebAssembly.Module>>();
function compile(lanes: number, zPrecision: Precision): Promise<WebAssembly.Module> {
  const key = `${lanes} ${zPrecision}`;
  let m = modules.get(key);
  if (!m)
    modules.set(
      key,
      (m = WebAssembly.compile(wasmModule([solveFunc(lanes, zPrecision)], 1) as BufferSource)),
    );
  return m;
}

/**
 * Solves the grid's shifted systems for one target at a time, the targets' z loaded a block at a time.
 * After `solve(j)`, `u(i, a)` is u_a's entry i and `zu[a]`, `uu[a]` its two dot products.
 */
export class ShiftSolver {
  private views;

  private constructor(
    private readonly grid: ShiftedGrid,
    private readonly memory: WebAssembly.Memory,
    private readonly run: (...args: number[]) => void,
    /** Shifts per row of the interleaved arrays: the grid's count rounded up to whole pairs. */
    private readonly width: number,
    private readonly at: { lower: number; inv: number; u: number; zu: number; uu: number; z: number },
    private readonly zType: Float32ArrayConstructor | Float64ArrayConstructor,
  ) {
    this.views = this.view();
  }

  /** `zPrecision`: that of the products that will compute z (float64 keeps z exact). */
  static async create(grid: ShiftedGrid, zPrecision: Precision): Promise<ShiftSolver> {
    const lanes = Math.ceil(grid.count / 2);
    const width = 2 * lanes;
    const { order: r, count } = grid;
    const rowsBytes = 8 * width * r;
    const at = {
      lower: 0,
      inv: rowsBytes,
      u: 2 * rowsBytes,
      zu: 3 * rowsBytes,
      uu: 3 * rowsBytes + 8 * width,
      z: 0,
    };
    at.z = at.uu + 8 * width;
    const instance = await WebAssembly.instantiate(await compile(lanes, zPrecision));
    const { memory, solve } = instance.exports as {
      memory: WebAssembly.Memory;
      solve: (...a: number[]) => void;
    };
    grow(memory, at.z);
    // The factors, padded up to whole pairs with harmless shifts (L = 0, D = 1).
    const lower = new Float64Array(memory.buffer, at.lower, r * width);
    const inv = new Float64Array(memory.buffer, at.inv, r * width).fill(1);
    for (let i = 0; i < r; i++) {
      for (let s = 0; s < count; s++) {
        lower[i * width + s] = grid.lower[i * count + s];
        inv[i * width + s] = grid.inversePivot[i * count + s];
      }
    }
    return new ShiftSolver(
      grid,
      memory,
      solve,
      width,
      at,
      zPrecision === 'float32' ? Float32Array : Float64Array,
    );
  }

  /** Makes `z` (targets × order, target-major) the block that `solve` reads. */
  load(z: Dense): void {
    grow(this.memory, this.at.z + this.zType.BYTES_PER_ELEMENT * z.length);
    if (this.views.zu.buffer !== this.memory.buffer) this.views = this.view();
    new this.zType(this.memory.buffer, this.at.z, z.length).set(z);
  }

  /** Solves every shift for target j of the loaded block. */
  solve(j: number): void {
    const { lower, inv, u, zu, uu, z } = this.at;
    this.run(z + this.zType.BYTES_PER_ELEMENT * j * this.grid.order, this.grid.order, lower, inv, u, zu, uu);
  }

  /** zᵀu_a of the last solve, per shift. */
  get zu(): Float64Array {
    return this.views.zu;
  }

  /** u_aᵀu_a of the last solve, per shift. */
  get uu(): Float64Array {
    return this.views.uu;
  }

  /** Entry i of the last solve's u_a. */
  u(i: number, a: number): number {
    return this.views.u[i * this.width + a];
  }

  private view() {
    const buffer = this.memory.buffer;
    return {
      zu: new Float64Array(buffer, this.at.zu, this.grid.count),
      uu: new Float64Array(buffer, this.at.uu, this.grid.count),
      u: new Float64Array(buffer, this.at.u, this.grid.order * this.width),
    };
  }
}

function grow(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
}
