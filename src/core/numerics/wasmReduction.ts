/**
 * The two O(n³) loops of the tridiagonal reduction (tridiagonal.ts) in WebAssembly SIMD, two float64
 * lanes at a time: the symmetric matrix-vector product and the panel's rank-2k update of the trailing
 * matrix. The matrix and the panel's vectors live in the instance's memory, where the JS side of the
 * reduction reads and writes them through typed-array views. Columns go in pairs from the row's end; an
 * odd first column is left to the caller.
 */
import { op, wasmModule, type Bytes, type FuncSpec } from './wasmBinary';

const PAGE = 65536;
const { i32, get, set, add, sub, mul, shl, and } = op;
const f64 = (index: Bytes) => shl(index, 3); // element index → byte offset

/**
 * symv4(a, n, i, v, y, out): for rows i…i+3 and the even-sized run of columns c ending at n − 1 that
 * starts at or after i + 4: out[2k], out[2k+1] = lanes of Σ_c a[i+k, c] v[c]; y[c] += Σ_k a[i+k, c] v[i+k].
 */
function symv4(): FuncSpec {
  const [a, n, i, v, y, out] = [0, 1, 2, 3, 4, 5];
  const [c, end, rowBytes] = [6, 7, 8];
  const r = [9, 10, 11, 12];
  const vi = [13, 14, 15, 16];
  const acc = [17, 18, 19, 20];
  const x = [21, 22, 23, 24];
  const [vc, yc] = [25, 26];
  return {
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: [...new Array<'i32'>(7).fill('i32'), ...new Array<'v128'>(14).fill('v128')],
    export: 'symv4',
    body: [
      set(rowBytes, f64(get(n))),
      set(r[0], add(get(a), mul(get(i), get(rowBytes)))),
      ...r.slice(1).map((ri, k) => set(ri, add(get(r[k]), get(rowBytes)))),
      ...vi.map((vk, k) => set(vk, op.splatF64(add(get(v), f64(add(get(i), i32(k))))))),
      ...acc.map((ak) => set(ak, op.v128Zero())),
      set(end, get(n)),
      // First column of the run: n − (an even count), at or after i + 4.
      op.forLoop(c, sub(get(n), and(sub(get(n), add(get(i), i32(4))), i32(-2))), get(end), i32(2), [
        ...x.map((xk, k) => set(xk, op.v128Load(add(get(r[k]), f64(get(c)))))),
        set(vc, op.v128Load(add(get(v), f64(get(c))))),
        ...acc.map((ak, k) => set(ak, op.f64x2Add(get(ak), op.f64x2Mul(get(x[k]), get(vc))))),
        set(yc, op.v128Load(add(get(y), f64(get(c))))),
        ...x.map((xk, k) => set(yc, op.f64x2Add(get(yc), op.f64x2Mul(get(xk), get(vi[k]))))),
        op.v128Store(add(get(y), f64(get(c))), get(yc)),
      ]),
      ...acc.map((ak, k) => op.v128Store(get(out), get(ak), 16 * k)),
    ],
  };
}

/**
 * update4(a, n, i, s, vs, ws): row i of a −= Σ_{p=s…s+3} (vs[p, i] ws[p, ·] + ws[p, i] vs[p, ·]) over the
 * even-sized run of columns ending at n − 1 that starts at or after i (vs, ws: rows of n values).
 */
function update4(): FuncSpec {
  const [a, n, i, s, vs, ws] = [0, 1, 2, 3, 4, 5];
  const [c, rowBytes, row] = [6, 7, 8];
  const vp = [9, 10, 11, 12];
  const wp = [13, 14, 15, 16];
  const coefV = [17, 18, 19, 20]; // vs[p, i]: multiplies ws[p, c]
  const coefW = [21, 22, 23, 24]; // ws[p, i]: multiplies vs[p, c]
  const x = 25;
  return {
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: [...new Array<'i32'>(11).fill('i32'), ...new Array<'v128'>(9).fill('v128')],
    export: 'update4',
    body: [
      set(rowBytes, f64(get(n))),
      set(row, add(get(a), mul(get(i), get(rowBytes)))),
      ...vp.map((p, k) => set(p, add(get(vs), mul(add(get(s), i32(k)), get(rowBytes))))),
      ...wp.map((p, k) => set(p, add(get(ws), mul(add(get(s), i32(k)), get(rowBytes))))),
      ...coefV.map((cv, k) => set(cv, op.splatF64(add(get(vp[k]), f64(get(i)))))),
      ...coefW.map((cw, k) => set(cw, op.splatF64(add(get(wp[k]), f64(get(i)))))),
      op.forLoop(c, sub(get(n), and(sub(get(n), get(i)), i32(-2))), get(n), i32(2), [
        set(x, op.v128Load(add(get(row), f64(get(c))))),
        ...[0, 1, 2, 3].flatMap((k) => [
          set(x, op.f64x2Sub(get(x), op.f64x2Mul(get(coefV[k]), op.v128Load(add(get(wp[k]), f64(get(c))))))),
          set(x, op.f64x2Sub(get(x), op.f64x2Mul(get(coefW[k]), op.v128Load(add(get(vp[k]), f64(get(c))))))),
        ]),
        op.v128Store(add(get(row), f64(get(c))), get(x)),
      ]),
    ],
  };
}

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * The reduction's working memory for an n×n matrix: the matrix `a`, a panel's `vs` and `ws` (`panel` rows
 * of n each), a vector `y` and four pairs of partial sums `out`, with the kernels that work on them.
 */
export class ReductionKernels {
  readonly a: Float64Array;
  readonly vs: Float64Array;
  readonly ws: Float64Array;
  readonly y: Float64Array;
  private readonly out: Float64Array;
  private readonly at: { a: number; vs: number; ws: number; y: number; out: number };

  private constructor(
    memory: WebAssembly.Memory,
    private readonly n: number,
    panel: number,
    private readonly exports: { symv4: (...a: number[]) => void; update4: (...a: number[]) => void },
  ) {
    const nn = n * n;
    const at = { a: 0, vs: 8 * nn, ws: 8 * (nn + panel * n), y: 8 * (nn + 2 * panel * n), out: 0 };
    at.out = at.y + 8 * n;
    const bytes = at.out + 64;
    const have = memory.buffer.byteLength;
    if (bytes > have) memory.grow(Math.ceil((bytes - have) / PAGE));
    this.at = at;
    this.a = new Float64Array(memory.buffer, at.a, nn);
    this.vs = new Float64Array(memory.buffer, at.vs, panel * n);
    this.ws = new Float64Array(memory.buffer, at.ws, panel * n);
    this.y = new Float64Array(memory.buffer, at.y, n);
    this.out = new Float64Array(memory.buffer, at.out, 8);
  }

  static async create(n: number, panel: number): Promise<ReductionKernels> {
    compiled ??= WebAssembly.compile(wasmModule([symv4(), update4()], 1) as BufferSource);
    const instance = await WebAssembly.instantiate(await compiled);
    const {
      memory,
      symv4: s,
      update4: u,
    } = instance.exports as {
      memory: WebAssembly.Memory;
      symv4: (...a: number[]) => void;
      update4: (...a: number[]) => void;
    };
    return new ReductionKernels(memory, n, panel, { symv4: s, update4: u });
  }

  /**
   * Rows i…i+3 of a·v over the paired columns (see symv4), v being row `vRow` of `vs`: adds the rows'
   * mirrored shares into y and returns their four dot products in `sums`.
   */
  symv4(i: number, vRow: number, sums: Float64Array): void {
    this.exports.symv4(this.at.a, this.n, i, this.at.vs + 8 * vRow * this.n, this.at.y, this.at.out);
    const o = this.out;
    for (let k = 0; k < 4; k++) sums[k] = o[2 * k] + o[2 * k + 1];
  }

  /** Row i −= the rank-2 terms of panel pairs s…s+3 over the paired columns (see update4). */
  update4(i: number, s: number): void {
    this.exports.update4(this.at.a, this.n, i, s, this.at.vs, this.at.ws);
  }
}
