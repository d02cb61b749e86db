/**
 * Resize interleaved RGB uint8 images with a separable triangle (bilinear) filter whose support
 * widens when shrinking, so downsampling averages instead of aliasing (as PIL's BILINEAR does).
 */

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  width: number;
}

/** For each output index: the first input index, the number of taps and their normalised weights. */
function filterTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = Math.max(1, scale);
  const width = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * width);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inSize, Math.ceil(centre + support));
    let total = 0;
    for (let i = lo; i < hi; i++) {
      const w = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
      weights[o * width + i - lo] = w;
      total += w;
    }
    for (let i = lo; i < hi; i++) weights[o * width + i - lo] /= total || 1;
    start[o] = lo;
    count[o] = hi - lo;
  }
  return { start, count, weights, width };
}

export function resizeRgb(
  src: Uint8Array,
  srcW: number,
  srcH: number,
  dstW: number,
  dstH: number,
): Uint8Array {
  if (src.length !== srcW * srcH * 3) throw new Error(`image has ${src.length} bytes, not ${srcW}×${srcH}×3`);
  if (srcW === dstW && srcH === dstH) return src.slice();
  const tx = filterTaps(srcW, dstW);
  const ty = filterTaps(srcH, dstH);
  // Horizontal pass into float rows, then vertical pass into bytes.
  const mid = new Float32Array(srcH * dstW * 3);
  for (let y = 0; y < srcH; y++) {
    for (let x = 0; x < dstW; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < tx.count[x]; k++) {
        const w = tx.weights[x * tx.width + k];
        const p = (y * srcW + tx.start[x] + k) * 3;
        r += w * src[p];
        g += w * src[p + 1];
        b += w * src[p + 2];
      }
      const q = (y * dstW + x) * 3;
      mid[q] = r;
      mid[q + 1] = g;
      mid[q + 2] = b;
    }
  }
  const out = new Uint8Array(dstW * dstH * 3);
  for (let y = 0; y < dstH; y++) {
    for (let x = 0; x < dstW; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let k = 0; k < ty.count[y]; k++) {
        const w = ty.weights[y * ty.width + k];
        const p = ((ty.start[y] + k) * dstW + x) * 3;
        r += w * mid[p];
        g += w * mid[p + 1];
        b += w * mid[p + 2];
      }
      const q = (y * dstW + x) * 3;
      out[q] = Math.round(r);
      out[q + 1] = Math.round(g);
      out[q + 2] = Math.round(b);
    }
  }
  return out;
}
