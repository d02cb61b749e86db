/**
 * Calls into the studio's `?bench` hook (window.__boldstudioBench) from Node, moving typed arrays across
 * page.evaluate as base64 (JSON would turn a 1.2 MB image batch into 10 MB of text).
 */
import type { Page } from '@playwright/test';

type Packed = { __typed: 'f32' | 'u8'; b64: string };

function pack(value: unknown): unknown {
  if (value instanceof Float32Array || value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return {
      __typed: value instanceof Float32Array ? 'f32' : 'u8',
      b64: bytes.toString('base64'),
    } satisfies Packed;
  }
  if (Array.isArray(value)) return value.map(pack);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pack(v)]));
  return value;
}

function unpack(value: unknown): unknown {
  if (value && typeof value === 'object' && '__typed' in value) {
    const { __typed, b64 } = value as Packed;
    const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
    return __typed === 'f32' ? new Float32Array(bytes.buffer) : bytes;
  }
  if (Array.isArray(value)) return value.map(unpack);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unpack(v)]));
  return value;
}

/**
 * The page side, as source text: a function literal would be rewritten by whichever transpiler loaded this
 * file (tsx adds `__name` helpers that do not exist in the page). Same packing as above.
 */
const PAGE_SIDE = `async ({ method, args }) => {
  const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  const toB64 = (u) => {
    let s = '';
    for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
    return btoa(s);
  };
  const revive = (v) => {
    if (v && typeof v === 'object' && '__typed' in v) {
      const bytes = fromB64(v.b64);
      return v.__typed === 'f32' ? new Float32Array(bytes.buffer) : bytes;
    }
    if (Array.isArray(v)) return v.map(revive);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)]));
    return v;
  };
  const flatten = (v) => {
    if (v instanceof Float32Array || v instanceof Uint8Array) {
      const u = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
      return { __typed: v instanceof Float32Array ? 'f32' : 'u8', b64: toB64(u) };
    }
    if (Array.isArray(v)) return v.map(flatten);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, flatten(x)]));
    return v;
  };
  return flatten(await window.__boldstudioBench[method](revive(args)));
}`;

export async function callHook<R>(page: Page, method: string, args: unknown): Promise<R> {
  const call = `(${PAGE_SIDE})(${JSON.stringify({ method, args: pack(args) })})`;
  return unpack(await page.evaluate(call)) as R;
}
