/**
 * Single-precision matrix products in WebAssembly SIMD, generated at run time (wasmBinary.ts): the
 * classic packed GEMM. B is packed in slices of KC rows × 8 columns and A in slices of 4 rows × KC, so
 * the micro-kernel streams both from cache and keeps a 4×8 block of C in eight 128-bit registers for a
 * whole slice. On a CPU without wasm FMA that runs at about twice onnxruntime-web's sgemm (measured on
 * the bench machine), and it is what the CLI's worker threads run.
 */
import { checkGemm, type Gemm, type GemmShape } from './gemm';
import type { Dense } from './matmul';
import { op, wasmModule, type Bytes, type FuncSpec } from './wasmBinary';

const MR = 4;
const NR = 8;
/** Shared-dimension slice: a 4×KC slice of A (4 KB) and a KC×8 slice of B (8 KB) sit in L1 together. */
const KC = 256;
/** Rows of A packed at a time (128 KB, L2). */
const MC = 128;
/** Columns of B packed at a time (2 MB, L3). */
const NC = 2048;
const WORK_BYTES = 4 * (MC * KC + KC * NC + MR * NR);
const PAGE = 65536;

const { i32, get, set, add, sub, mul, shl, ltU, leU, minU, and } = op;
const bytes4 = (x: Bytes) => shl(x, 2);

/** kernel(a, b, c, kc, ldcBytes): C[4×8] += A(packed kc×4) · B(packed kc×8), C rows ldcBytes apart. */
function kernel(): FuncSpec {
  const [a, b, c, kc, ldc] = [0, 1, 2, 3, 4];
  const acc = [5, 6, 7, 8, 9, 10, 11, 12]; // row r, half h at acc[2r + h]
  const [b0, b1, x, end] = [13, 14, 15, 16];
  const rowUpdates: Bytes[] = [];
  for (let r = 0; r < MR; r++) {
    rowUpdates.push(set(x, op.splat32(get(a), 4 * r)));
    for (let h = 0; h < 2; h++)
      rowUpdates.push(
        set(acc[2 * r + h], op.f32x4Add(get(acc[2 * r + h]), op.f32x4Mul(get(x), get(h ? b1 : b0)))),
      );
  }
  const stores: Bytes[] = [];
  for (let r = 0; r < MR; r++) {
    for (let h = 0; h < 2; h++)
      stores.push(
        op.v128Store(get(c), op.f32x4Add(op.v128Load(get(c), 16 * h), get(acc[2 * r + h])), 16 * h),
      );
    stores.push(set(c, add(get(c), get(ldc))));
  }
  return {
    params: ['i32', 'i32', 'i32', 'i32', 'i32'],
    locals: [...acc.map(() => 'v128' as const), 'v128', 'v128', 'v128', 'i32'],
    body: [
      set(end, add(get(a), shl(get(kc), 4))),
      // do { … } while (a < end): kc ≥ 1 always.
      [0x03, 0x40],
      set(b0, op.v128Load(get(b))),
      set(b1, op.v128Load(get(b), 16)),
      ...rowUpdates,
      set(a, add(get(a), i32(4 * MR))),
      set(b, add(get(b), i32(4 * NR))),
      [...ltU(get(a), get(end)), 0x0d, 0x00, 0x0b],
      ...stores,
    ],
  };
}

/**
 * sgemm(transA, m, k, n, a, b, c, work): C (m×n) = op(A)·B for row-major A (m×k, or k×m when transA),
 * B (k×n), with `work` pointing at WORK_BYTES of scratch. All pointers are byte addresses.
 */
function sgemm(): FuncSpec {
  const [transA, m, k, n, a, b, c, work] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [jc, nc, pc, kc, ic, mc, jr, ir, ap, bp, tmp, p, r, t, s, rows, cols] = Array.from(
    { length: 17 },
    (_, i) => 8 + i,
  );
  // Element addresses.
  const bAt = (row: Bytes, col: Bytes) => add(get(b), bytes4(add(mul(row, get(n)), col)));
  const aAt = (i: Bytes, q: Bytes) => add(get(a), bytes4(add(mul(i, get(k)), q))); /* A stored m×k: (i, q) */
  const aTAt = (i: Bytes, q: Bytes) => add(get(a), bytes4(add(mul(q, get(m)), i))); /* A stored k×m */
  const cAt = (i: Bytes, j: Bytes) => add(get(c), bytes4(add(mul(i, get(n)), j)));
  const panelA = (row: Bytes) => add(get(ap), bytes4(mul(row, get(kc)))); // slice of rows row…row+3
  const panelB = (col: Bytes) => add(get(bp), bytes4(mul(col, get(kc)))); // slice of columns col…col+7

  const zeroC = [
    op.forLoop(t, i32(0), and(mul(get(m), get(n)), i32(-4)), i32(4), [
      op.v128Store(cAt(i32(0), get(t)), op.v128Zero()),
    ]),
    op.forLoop(t, and(mul(get(m), get(n)), i32(-4)), mul(get(m), get(n)), i32(1), [
      op.f32Store(cAt(i32(0), get(t)), op.f32Zero()),
    ]),
  ];

  // B[pc…pc+kc, jc…jc+nc] into slices of 8 columns, each kc rows of 8 (zero-padded past nc).
  const fullB = and(get(nc), i32(-NR));
  const packB = [
    op.forLoop(p, i32(0), get(kc), i32(1), [
      op.forLoop(jr, i32(0), fullB, i32(NR), [
        set(s, bAt(add(get(pc), get(p)), add(get(jc), get(jr)))),
        set(t, add(panelB(get(jr)), shl(get(p), 5))),
        op.v128Store(get(t), op.v128Load(get(s))),
        op.v128Store(get(t), op.v128Load(get(s), 16), 16),
      ]),
    ]),
    op.ifElse(ltU(fullB, get(nc)), [
      op.forLoop(p, i32(0), get(kc), i32(1), [
        set(t, add(panelB(fullB), shl(get(p), 5))),
        op.forLoop(r, i32(0), i32(NR), i32(1), [
          op.ifElse(
            ltU(add(fullB, get(r)), get(nc)),
            [
              op.f32Store(
                add(get(t), bytes4(get(r))),
                op.f32Load(bAt(add(get(pc), get(p)), add(add(get(jc), fullB), get(r)))),
              ),
            ],
            [op.f32Store(add(get(t), bytes4(get(r))), op.f32Zero())],
          ),
        ]),
      ]),
    ]),
  ];

  // A[ic…ic+mc, pc…pc+kc] into slices of 4 rows, each kc columns of 4 (zero-padded past mc).
  const packATransposed = op.forLoop(p, i32(0), get(kc), i32(1), [
    op.forLoop(ir, i32(0), get(mc), i32(MR), [
      set(t, add(panelA(get(ir)), shl(get(p), 4))),
      op.ifElse(
        leU(add(get(ir), i32(MR)), get(mc)),
        [op.v128Store(get(t), op.v128Load(aTAt(add(get(ic), get(ir)), add(get(pc), get(p)))))],
        [
          op.forLoop(r, i32(0), i32(MR), i32(1), [
            op.ifElse(
              ltU(add(get(ir), get(r)), get(mc)),
              [
                op.f32Store(
                  add(get(t), bytes4(get(r))),
                  op.f32Load(aTAt(add(add(get(ic), get(ir)), get(r)), add(get(pc), get(p)))),
                ),
              ],
              [op.f32Store(add(get(t), bytes4(get(r))), op.f32Zero())],
            ),
          ]),
        ],
      ),
    ]),
  ]);
  const packAPlain = op.forLoop(ir, i32(0), get(mc), i32(MR), [
    op.forLoop(r, i32(0), i32(MR), i32(1), [
      set(t, add(panelA(get(ir)), bytes4(get(r)))),
      op.ifElse(
        ltU(add(get(ir), get(r)), get(mc)),
        [
          set(s, aAt(add(add(get(ic), get(ir)), get(r)), get(pc))),
          op.forLoop(p, i32(0), get(kc), i32(1), [
            op.f32Store(add(get(t), shl(get(p), 4)), op.f32Load(add(get(s), bytes4(get(p))))),
          ]),
        ],
        [op.forLoop(p, i32(0), get(kc), i32(1), [op.f32Store(add(get(t), shl(get(p), 4)), op.f32Zero())])],
      ),
    ]),
  ]);

  // One 4×8 block: straight into C when whole, else through `tmp` and only the valid part added.
  const block = op.ifElse(
    and(leU(add(get(ir), i32(MR)), get(mc)), leU(add(get(jr), i32(NR)), get(nc))),
    [
      op.call(
        0,
        panelA(get(ir)),
        panelB(get(jr)),
        cAt(add(get(ic), get(ir)), add(get(jc), get(jr))),
        get(kc),
        bytes4(get(n)),
      ),
    ],
    [
      op.forLoop(t, i32(0), i32(4 * MR * NR), i32(16), [op.v128Store(add(get(tmp), get(t)), op.v128Zero())]),
      op.call(0, panelA(get(ir)), panelB(get(jr)), get(tmp), get(kc), i32(4 * NR)),
      set(rows, minU(i32(MR), sub(get(mc), get(ir)))),
      set(cols, minU(i32(NR), sub(get(nc), get(jr)))),
      op.forLoop(r, i32(0), get(rows), i32(1), [
        op.forLoop(p, i32(0), get(cols), i32(1), [
          set(s, cAt(add(add(get(ic), get(ir)), get(r)), add(add(get(jc), get(jr)), get(p)))),
          op.f32Store(
            get(s),
            op.f32Add(
              op.f32Load(get(s)),
              op.f32Load(add(get(tmp), bytes4(add(mul(get(r), i32(NR)), get(p))))),
            ),
          ),
        ]),
      ]),
    ],
  );

  return {
    params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'],
    locals: new Array(17).fill('i32'),
    export: 'sgemm',
    body: [
      set(ap, get(work)),
      set(bp, add(get(work), i32(4 * MC * KC))),
      set(tmp, add(get(bp), i32(4 * KC * NC))),
      ...zeroC,
      op.forLoop(jc, i32(0), get(n), i32(NC), [
        set(nc, minU(i32(NC), sub(get(n), get(jc)))),
        op.forLoop(pc, i32(0), get(k), i32(KC), [
          set(kc, minU(i32(KC), sub(get(k), get(pc)))),
          ...packB,
          op.forLoop(ic, i32(0), get(m), i32(MC), [
            set(mc, minU(i32(MC), sub(get(m), get(ic)))),
            op.ifElse(get(transA), [packATransposed], [packAPlain]),
            op.forLoop(jr, i32(0), get(nc), i32(NR), [op.forLoop(ir, i32(0), get(mc), i32(MR), [block])]),
          ]),
        ]),
      ]),
    ],
  };
}

let compiled: Promise<WebAssembly.Module> | undefined;
const compileSgemm = () =>
  (compiled ??= WebAssembly.compile(wasmModule([kernel(), sgemm()], 1) as BufferSource));

/** One instance of the kernel with its own memory: products run synchronously on the calling thread. */
export class WasmSgemm {
  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly run: (...args: number[]) => void,
  ) {}

  static async create(): Promise<WasmSgemm> {
    const instance = await WebAssembly.instantiate(await compileSgemm());
    const { memory, sgemm } = instance.exports as {
      memory: WebAssembly.Memory;
      sgemm: (...args: number[]) => void;
    };
    return new WasmSgemm(memory, sgemm);
  }

  multiply(a: Dense, b: Dense, shape: GemmShape): Float32Array {
    checkGemm(a, b, shape);
    const { m, k, n, transA } = shape;
    if (m === 0 || n === 0) return new Float32Array(m * n);
    // Layout: scratch, A, B, C.
    const aAt = WORK_BYTES;
    const bAt = aAt + 4 * a.length;
    const cAt = bAt + 4 * b.length;
    const end = cAt + 4 * m * n;
    if (end > 2 ** 32 - PAGE) throw new Error(`gemm: ${m}×${k}×${n} needs ${end} bytes, over wasm's 4 GiB`);
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    const heap = new Float32Array(this.memory.buffer);
    heap.set(a, aAt / 4);
    heap.set(b, bAt / 4);
    this.run(transA ? 1 : 0, m, k, n, aAt, bAt, cAt, 0);
    return heap.slice(cAt / 4, cAt / 4 + m * n);
  }
}

/** The kernel as a `Gemm` on the calling thread (tests and single-threaded callers). */
export async function wasmGemm(): Promise<Gemm> {
  const kernel = await WasmSgemm.create();
  return {
    precision: 'float32',
    label: 'wasm SIMD, 1 thread',
    multiply: async (a, b, shape) => kernel.multiply(a, b, shape),
    allocate: (length) => new Float32Array(length),
    release: async () => {},
  };
}
