/**
 * Just enough of the WebAssembly binary format to write small numeric kernels in TypeScript and
 * compile them at run time (no toolchain, nothing to download): i32 arithmetic, structured control flow,
 * f32 loads and stores, 128-bit SIMD (f32x4 and f64x2) arithmetic, one exported memory. Expressions are byte arrays
 * in stack order, so `op.add(get(x), i32(4))` reads like the WAT it encodes.
 */

export type Bytes = number[];
export type ValType = 'i32' | 'f32' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

export function uleb(n: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): Bytes {
  const out: Bytes = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vec = (items: Bytes[]): Bytes => [...uleb(items.length), ...items.flat()];
const name = (s: string): Bytes => vec([...new TextEncoder().encode(s)].map((b) => [b]));
const section = (id: number, body: Bytes): Bytes => [id, ...uleb(body.length), ...body];

/** memarg: alignment as log2 bytes, and a constant byte offset. */
const mem = (align: number, offset: number): Bytes => [...uleb(align), ...uleb(offset)];
const simd = (code: number, ...rest: Bytes): Bytes => [0xfd, ...uleb(code), ...rest];

/** Instructions (each returns its bytes, operands first). */
export const op = {
  i32: (n: number): Bytes => [0x41, ...sleb(n | 0)],
  get: (local: number): Bytes => [0x20, ...uleb(local)],
  set: (local: number, ...value: Bytes[]): Bytes => [...value.flat(), 0x21, ...uleb(local)],
  add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6a],
  sub: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6b],
  mul: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x6c],
  shl: (a: Bytes, bits: number): Bytes => [...a, 0x41, ...sleb(bits), 0x74],
  ltU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x49],
  geU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x4f],
  leU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x4d],
  /** min(a, b) for unsigned a, b (select picks a when the condition holds). */
  minU: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...a, ...b, 0x49, 0x1b],
  and: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x71],
  f32Load: (addr: Bytes, offset = 0): Bytes => [...addr, 0x2a, ...mem(2, offset)],
  f32Store: (addr: Bytes, value: Bytes, offset = 0): Bytes => [...addr, ...value, 0x38, ...mem(2, offset)],
  f32Add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, 0x92],
  f32Zero: (): Bytes => [0x43, 0, 0, 0, 0],
  v128Load: (addr: Bytes, offset = 0): Bytes => [...addr, ...simd(0x00, ...mem(4, offset))],
  v128Store: (addr: Bytes, value: Bytes, offset = 0): Bytes => [
    ...addr,
    ...value,
    ...simd(0x0b, ...mem(4, offset)),
  ],
  /** Loads one f32 and copies it into all four lanes. */
  splat32: (addr: Bytes, offset = 0): Bytes => [...addr, ...simd(0x09, ...mem(2, offset))],
  v128Zero: (): Bytes => simd(0x0c, ...new Array<number>(16).fill(0)),
  f32x4Add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(0xe4)],
  f32x4Mul: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(0xe6)],
  /** An f32 from memory, widened to f64 and copied into both lanes. */
  splatF32AsF64: (addr: Bytes): Bytes => [...addr, 0x2a, ...mem(2, 0), 0xbb, ...simd(0x14)],
  /** An f64 from memory copied into both lanes. */
  splatF64: (addr: Bytes): Bytes => [...addr, 0x2b, ...mem(3, 0), ...simd(0x14)],
  f64x2Add: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(0xf0)],
  f64x2Sub: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(0xf1)],
  f64x2Mul: (a: Bytes, b: Bytes): Bytes => [...a, ...b, ...simd(0xf2)],
  call: (index: number, ...args: Bytes[]): Bytes => [...args.flat(), 0x10, ...uleb(index)],
  /** if (cond) { then } else { otherwise }, no result. */
  ifElse: (cond: Bytes, then: Bytes[], otherwise: Bytes[] = []): Bytes => [
    ...cond,
    0x04,
    0x40,
    ...then.flat(),
    ...(otherwise.length ? [0x05, ...otherwise.flat()] : []),
    0x0b,
  ],
  /**
   * for (i = from; i < to; i += step) body — `to` is re-evaluated each time, so pass a local or constant.
   */
  forLoop: (i: number, from: Bytes, to: Bytes, step: Bytes, body: Bytes[]): Bytes => [
    ...from,
    0x21,
    ...uleb(i),
    0x02,
    0x40, // block
    0x03,
    0x40, // loop
    ...[...op.get(i), ...to, 0x4f], // i ≥ to (unsigned)
    0x0d,
    0x01, // br_if out of the block
    ...body.flat(),
    ...op.set(i, op.add(op.get(i), step)),
    0x0c,
    0x00, // br to the loop
    0x0b,
    0x0b,
  ],
};

export interface FuncSpec {
  params: ValType[];
  /** Extra locals; their indices follow the parameters'. */
  locals: ValType[];
  body: Bytes[];
  export?: string;
}

/** A module of functions (no results) over one exported, growable memory named `memory`. */
export function wasmModule(funcs: FuncSpec[], memoryPages: number): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(f.params.map((t) => [VALTYPE[t]])), 0x00]);
  const code = funcs.map((f) => {
    const locals = vec(f.locals.map((t) => [1, VALTYPE[t]]));
    const body = [...locals, ...f.body.flat(), 0x0b];
    return [...uleb(body.length), ...body];
  });
  const exports = [
    [...name('memory'), 0x02, 0x00],
    ...funcs.flatMap((f, i) => (f.export ? [[...name(f.export), 0x00, ...uleb(i)]] : [])),
  ];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(code)),
  ]); // prettier-ignore
}
