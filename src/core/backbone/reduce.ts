/**
 * Channel selection as BOLDreams does it: keep the channels whose spatial means vary most across the
 * training images. Feature rows hold, per image, each channel's spatial mean first (see extract.ts).
 */

/** Population standard deviation over `rows` of the first `channels` values of each row. */
export function channelSpread(
  values: Float32Array,
  rowLength: number,
  channels: number,
  rows: Int32Array,
): Float64Array {
  const mean = new Float64Array(channels);
  const m2 = new Float64Array(channels);
  rows.forEach((r, n) => {
    const base = r * rowLength;
    for (let c = 0; c < channels; c++) {
      const x = values[base + c];
      const delta = x - mean[c];
      mean[c] += delta / (n + 1);
      m2[c] += delta * (x - mean[c]);
    }
  });
  return m2.map((v) => Math.sqrt(v / Math.max(1, rows.length)));
}

/** Ascending indices of the `percent` % of channels with the largest spread (at least one). */
export function topChannels(std: Float64Array, percent: number): Int32Array {
  if (!(percent > 0 && percent <= 100))
    throw new RangeError(`percent of channels must be in (0, 100], got ${percent}`);
  const keep = Math.max(1, Math.round((std.length * percent) / 100));
  const order = Array.from(std.keys()).sort((a, b) => std[b] - std[a] || a - b);
  return Int32Array.from(order.slice(0, keep)).sort();
}

/**
 * Where the kept channels' features sit in a reduced-tap row (reductionGraph.ts: C channel means, then with
 * pooling k > 1 each channel's k² cells): the means of those channels when k = 1, else their cells.
 */
export function keptColumns(channels: Int32Array, channelCount: number, pool: number): Int32Array {
  const cells = pool * pool;
  const offset = pool === 1 ? 0 : channelCount;
  const out = new Int32Array(channels.length * cells);
  channels.forEach((c, i) => {
    for (let j = 0; j < cells; j++) out[i * cells + j] = offset + c * cells + j;
  });
  return out;
}
