/**
 * lucent's Fourier image parameterisation without an FFT: an explicit real orthonormal 2-D Fourier basis
 * (products of 1-D cosine/sine rows), applied by two matrix products per channel. Coefficients are scaled
 * by 1/f so that plain gradient steps favour low frequencies, as natural images do.
 */

/** A real orthonormal 1-D Fourier basis of size n (row-major n × n) and each row's frequency (cycles/pixel). */
export interface Basis1d {
  n: number;
  rows: Float64Array;
  freq: Float64Array;
}

/** Rows: constant, then cos/sin pairs for k = 1…⌈n/2⌉−1, then the Nyquist cosine when n is even. */
export function fourierBasis(n: number): Basis1d {
  const rows = new Float64Array(n * n);
  const freq = new Float64Array(n);
  const set = (r: number, k: number, f: (x: number) => number, norm: number) => {
    freq[r] = k / n;
    for (let x = 0; x < n; x++) rows[r * n + x] = norm * f(x);
  };
  set(0, 0, () => 1, Math.sqrt(1 / n));
  let r = 1;
  for (let k = 1; 2 * k < n; k++) {
    set(r++, k, (x) => Math.cos((2 * Math.PI * k * x) / n), Math.sqrt(2 / n));
    set(r++, k, (x) => Math.sin((2 * Math.PI * k * x) / n), Math.sqrt(2 / n));
  }
  if (n % 2 === 0) set(r, n / 2, (x) => (x % 2 === 0 ? 1 : -1), Math.sqrt(1 / n));
  return { n, rows, freq };
}

/**
 * lucent's spectrum scale per coefficient (h × w): 1 / max(f, 1/max(h, w)), f the 2-D frequency magnitude,
 * divided by lucent's "magic" 4 that keeps the initial image near grey.
 */
export function spectrumScale(rows: Basis1d, cols: Basis1d): Float64Array {
  const { n: h } = rows;
  const { n: w } = cols;
  const scale = new Float64Array(h * w);
  const floor = 1 / Math.max(h, w);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++)
      scale[i * w + j] = 1 / Math.max(Math.hypot(rows.freq[i], cols.freq[j]), floor) / 4;
  return scale;
}

/** out (m × n) = A (m × k) · Btᵀ, with B given transposed (n × k) so every entry is a contiguous dot product. */
function mulTransposed(
  a: Float64Array,
  bt: Float64Array,
  out: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0;
      let s1 = 0;
      let p = 0;
      for (; p + 1 < k; p += 2) {
        s0 += a[ai + p] * bt[bj + p];
        s1 += a[ai + p + 1] * bt[bj + p + 1];
      }
      if (p < k) s0 += a[ai + p] * bt[bj + p];
      out[i * n + j] = s0 + s1;
    }
  }
}

/** B (row-major r × c) transposed, into `out` (or a new array). */
function transpose(
  b: Float64Array,
  r: number,
  c: number,
  out: Float64Array = new Float64Array(r * c),
): Float64Array {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = b[i * c + j];
  return out;
}

/** The image ↔ spectrum maps of one h × w channel: image = Fhᵀ (scale ∘ C) Fw and its transpose. */
export class FourierPlane {
  readonly scale: Float64Array;
  private readonly rowsT: Float64Array;
  private readonly colsT: Float64Array;
  private readonly tmp: Float64Array;
  private readonly flipped: Float64Array;

  constructor(
    private readonly rows: Basis1d,
    private readonly cols: Basis1d,
  ) {
    this.scale = spectrumScale(rows, cols);
    this.rowsT = transpose(rows.rows, rows.n, rows.n);
    this.colsT = transpose(cols.rows, cols.n, cols.n);
    this.tmp = new Float64Array(rows.n * cols.n);
    this.flipped = new Float64Array(rows.n * cols.n);
  }

  /** Coefficients (h × w) → image (h × w). */
  toImage(coefficients: Float64Array, image: Float64Array): void {
    const h = this.rows.n;
    const w = this.cols.n;
    // (scale ∘ C)ᵀ, so that Fhᵀ (scale ∘ C) is a product with a transposed right factor.
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) this.flipped[j * h + i] = coefficients[i * w + j] * this.scale[i * w + j];
    mulTransposed(this.rowsT, this.flipped, this.tmp, h, h, w);
    mulTransposed(this.tmp, this.colsT, image, h, w, w);
  }

  /** The transpose: d(loss)/d(image) → d(loss)/d(coefficients). */
  toCoefficients(imageGradient: Float64Array, gradient: Float64Array): void {
    const h = this.rows.n;
    const w = this.cols.n;
    transpose(imageGradient, h, w, this.flipped);
    mulTransposed(this.rows.rows, this.flipped, this.tmp, h, h, w);
    mulTransposed(this.tmp, this.cols.rows, gradient, h, w, w);
    for (let i = 0; i < h * w; i++) gradient[i] *= this.scale[i];
  }
}
