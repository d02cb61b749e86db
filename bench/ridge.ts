/**
 * Ridge regression at NSD scale: 9000 training and 1000 test images, 2048 features, 15 724 targets, 10
 * alphas. Synthetic, seeded data (features with a decaying variance profile; each target a noisy readout
 * of shared low-rank weights, its signal strength drawn per target) is written once as .npy to a temporary
 * folder, then fitted by `boldstudio ridge` (GCV, and K-fold), by the same fit in the studio's fitting
 * worker in headless Chromium, and by scikit-learn RidgeCV(alpha_per_target=True) and a numpy/OpenBLAS
 * eigh-per-fold 5-fold CV (bench/ridge_reference.py, Debian's python3-sklearn), all on the same files in the
 * same run. Reports wall time and the median over targets of the test correlation.
 * Run alone with `npx tsx bench/ridge.ts` (`--small` for a quick 1/8-size run).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callHook } from '../e2e/benchHook';
import { workerGemm } from '../src/cli/gemmPool';
import { readNpy, writeNpy } from '../src/core/formats/npy';
import { columnCorrelations } from '../src/core/numerics/correlation';
import { median } from '../src/core/stats';
import type { Gemm } from '../src/core/numerics/gemm';
import { createRng, deriveSeed } from '../src/core/random';
import type { BenchEnv } from './studio-server';

export interface RidgeBenchSize {
  train: number;
  test: number;
  features: number;
  targets: number;
}

const FULL_SIZE: RidgeBenchSize = { train: 9000, test: 1000, features: 2048, targets: 15724 };
const SEED = 2024;
/** Rank of the weights shared by all targets (targets differ in their mix and their strength). */
const WEIGHT_RANK = 64;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repoRoot, 'src/cli/boldstudio.mjs');

interface RidgeData {
  dir: string;
  size: RidgeBenchSize;
  alphas: number[];
  /** Test targets, test × targets. */
  yTest: Float32Array;
}

/**
 * x_f ~ N(0, (1 + f)^−½); y_t = strength_t · x·A·b_t / sd + ε with A (features × rank) and b_t normal,
 * sd the readout's training standard deviation, ε ~ N(0, 1), and strength² = R²/(1 − R²) for a population
 * R² of 0.6·u³, u uniform: most targets weak, a few strong, as in fMRI.
 */
async function writeRidgeData(size: RidgeBenchSize, gemm: Gemm): Promise<RidgeData> {
  const { train, test, features: d, targets: v } = size;
  const n = train + test;
  const rng = createRng(deriveSeed(SEED, 'features'));
  const x = new Float32Array(n * d);
  const sd = Float64Array.from({ length: d }, (_, f) => (1 + f) ** -0.25);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) x[i * d + f] = sd[f] * rng.normal();
  const wRng = createRng(deriveSeed(SEED, 'weights'));
  const a = Float32Array.from({ length: d * WEIGHT_RANK }, () => wRng.normal());
  const b = Float32Array.from({ length: WEIGHT_RANK * v }, () => wRng.normal());
  const xa = await gemm.multiply(x, a, { m: n, k: d, n: WEIGHT_RANK, transA: false });
  const signal = await gemm.multiply(xa, b, { m: n, k: WEIGHT_RANK, n: v, transA: false });

  const scale = new Float64Array(v);
  const sums = new Float64Array(v);
  const squares = new Float64Array(v);
  for (let i = 0; i < train; i++) {
    for (let t = 0; t < v; t++) {
      const s = signal[i * v + t];
      sums[t] += s;
      squares[t] += s * s;
    }
  }
  const sRng = createRng(deriveSeed(SEED, 'strength'));
  for (let t = 0; t < v; t++) {
    const r2 = 0.6 * sRng.next() ** 3;
    const variance = squares[t] / train - (sums[t] / train) ** 2;
    scale[t] = Math.sqrt(r2 / (1 - r2) / variance);
  }
  const noise = createRng(deriveSeed(SEED, 'noise'));
  const y = new Float32Array(n * v);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < v; t++) y[i * v + t] = scale[t] * signal[i * v + t] + noise.normal();

  const dir = mkdtempSync(join(tmpdir(), 'bench-ridge-'));
  const save = (name: string, data: Float32Array, rows: number, cols: number) =>
    writeFileSync(join(dir, name), writeNpy({ shape: [rows, cols], data }));
  save('Xtr.npy', x.subarray(0, train * d), train, d);
  save('Xte.npy', x.subarray(train * d), test, d);
  save('Ytr.npy', y.subarray(0, train * v), train, v);
  save('Yte.npy', y.subarray(train * v), test, v);
  // The grid: 10⁻² … 10⁴ times the mean eigenvalue of XᵀX (the CLI's default), fixed here for all engines.
  const meanVariance = sd.reduce((s, x) => s + x * x, 0) / d;
  const alphas = Array.from({ length: 10 }, (_, i) => train * meanVariance * 10 ** (-2 + (6 * i) / 9));
  return { dir, size, alphas, yTest: y.slice(train * v) };
}

/** The median over targets of Pearson's r between predictions and truth (rows × targets). */
const medianCorrelation = (pred: Float32Array, truth: Float32Array, rows: number, v: number) =>
  median(columnCorrelations(pred, truth, rows, v));

function readPredictions(path: string): Float32Array {
  const { data } = readNpy(readFileSync(path));
  return data instanceof Float32Array ? data : Float32Array.from(data as ArrayLike<number>);
}

interface Row {
  engine: string;
  seconds: number;
  medianR: number;
  note?: string;
}

function cli(data: RidgeData, cv: 'gcv' | 'kfold'): Row {
  const out = join(data.dir, `out-${cv}`);
  const t0 = performance.now();
  const log = execFileSync(
    process.execPath,
    [
      bin,
      'ridge',
      '--train-x',
      join(data.dir, 'Xtr.npy'),
      '--train-y',
      join(data.dir, 'Ytr.npy'),
      '--test-x',
      join(data.dir, 'Xte.npy'),
      '--alphas',
      data.alphas.join(','),
      '--cv',
      cv,
      '--out',
      out,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seconds = (performance.now() - t0) / 1000;
  const { test, targets } = data.size;
  const medianR = medianCorrelation(readPredictions(join(out, 'pred.npy')), data.yTest, test, targets);
  const phases = /read [\d.]+ s, fit [\d.]+ s, predict [\d.]+ s/.exec(log)?.[0] ?? '';
  return { engine: `\`boldstudio ridge --cv ${cv}\` (CLI, whole process)`, seconds, medianR, note: phases };
}

interface ReferenceResult {
  engine: string;
  seconds: number;
  pred: string;
}

/** scikit-learn and numpy on the same files, or why not. */
function references(data: RidgeData): Row[] | string {
  const script = join(repoRoot, 'bench/ridge_reference.py');
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import numpy, sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `Python references skipped: /usr/bin/python3 lacks numpy or scikit-learn (apt-get install python3-sklearn).`;
  const out = execFileSync('/usr/bin/python3', [script, data.dir, data.alphas.join(',')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  const results = JSON.parse(out.trim().split('\n').at(-1)!) as ReferenceResult[];
  const { test, targets } = data.size;
  return results.map((r) => ({
    engine: r.engine,
    seconds: r.seconds,
    medianR: medianCorrelation(readPredictions(r.pred), data.yTest, test, targets),
  }));
}

/** The same fit in the studio's fitting worker, in headless Chromium, reading the files over HTTP. */
async function inBrowser(env: BenchEnv, data: RidgeData): Promise<Row> {
  const files = ['Xtr.npy', 'Ytr.npy', 'Xte.npy', 'Yte.npy'];
  const server = createServer((req, res) => {
    const name = basename(req.url ?? '');
    if (!files.includes(name)) return void res.writeHead(404).end();
    // The studio is cross-origin isolated: a fetch from another origin needs CORS consent.
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Access-Control-Allow-Origin': '*' });
    createReadStream(join(data.dir, name)).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const context = await env.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${env.url}?bench&backend=wasm`);
    await page
      .getByTestId('backend')
      .filter({ hasText: /Compute: (wasm|WebGPU) ·/ })
      .waitFor({ timeout: 120_000 });
    const [trainX, trainY, testX, testY] = files.map((f) => base + f);
    const r = await callHook<{ seconds: number; medianR: number; products: string }>(page, 'benchRidge', {
      trainX,
      trainY,
      testX,
      testY,
      alphas: data.alphas,
      cv: 'gcv',
    });
    return {
      engine: 'studio fitting worker, headless Chromium, GCV',
      seconds: r.seconds,
      medianR: r.medianR,
      note: `${r.products}; fit and predict, data already in the page`,
    };
  } finally {
    await context.close();
    server.close();
  }
}

export async function benchRidge(
  options: { browser?: () => Promise<BenchEnv>; size?: RidgeBenchSize } = {},
): Promise<string> {
  const size = options.size ?? FULL_SIZE;
  const gemm = workerGemm();
  const t0 = performance.now();
  let data: RidgeData;
  try {
    data = await writeRidgeData(size, gemm);
  } finally {
    await gemm.release();
  }
  const written = (performance.now() - t0) / 1000;
  const load = loadavg();
  try {
    const rows: Row[] = [cli(data, 'gcv')];
    if (options.browser) rows.push(await inBrowser(await options.browser(), data));
    rows.push(cli(data, 'kfold'));
    const notes: string[] = [];
    const ref = references(data);
    if (typeof ref === 'string') notes.push(ref);
    else rows.push(...ref);
    notes.push(
      'GCV scores every α from one tridiagonalization of XᵀX and one pass of products over the targets (about n·d·v multiply-adds in all); ' +
        'scikit-learn repeats an n·d·v product per α for exact leave-one-out, and K-fold needs every α’s held-out predictions (about 10·n·d·v). ' +
        'The CLI runs its products on onnxruntime-node’s native sgemm when that optional dependency is installed (as here), else on its wasm SIMD ' +
        'worker pool; the studio runs them on onnxruntime-web’s threaded wasm.',
    );
    const sklearn = rows.find((r) => r.engine.startsWith('scikit-learn'));
    const numpy = rows.find((r) => r.engine.startsWith('numpy'));
    const browser = rows.find((r) => r.engine.startsWith('studio'));
    const ours = rows[0];
    if (sklearn && numpy) {
      notes.push(
        `Goals: CLI ≥ 5× faster than scikit-learn: ${verdict(sklearn.seconds / ours.seconds, 5)}; ≥ 3× faster than the numpy 5-fold: ${verdict(numpy.seconds / ours.seconds, 3)}; ` +
          `median test r within ±0.005 of scikit-learn's: ${Math.abs(ours.medianR - sklearn.medianR) <= 0.005 ? 'met' : 'not met'} (Δ = ${(ours.medianR - sklearn.medianR).toFixed(4)})` +
          (browser
            ? `; browser worker faster than scikit-learn: ${verdict(sklearn.seconds / browser.seconds, 1)}.`
            : '.'),
      );
    }
    return [
      `${size.train} training / ${size.test} test samples, ${size.features} features, ${size.targets} targets, ${data.alphas.length} alphas ` +
        `(${data.alphas[0].toPrecision(3)} … ${data.alphas.at(-1)!.toPrecision(3)}, log-spaced); synthetic and seeded, written as float32 .npy ` +
        `in ${written.toFixed(0)} s before the runs. Every engine reads the same files, fits with an intercept, picks α per target and predicts the test samples; ` +
        'median r is over targets, Pearson r between predictions and held-out truth. CLI and Python times are wall-clock for the whole process, ' +
        'reading the files and writing the predictions included; the browser time is the fitting job in the worker, the page having fetched the files. ' +
        `Load average (1 min) ${load[0].toFixed(1)} before the runs and ${loadavg()[0].toFixed(1)} after, on ${cpus().length} cores.`,
      '',
      '| engine | wall s | median test r | notes |',
      '|---|---|---|---|',
      ...rows.map(
        (r) => `| ${r.engine} | ${r.seconds.toFixed(1)} | ${r.medianR.toFixed(4)} | ${r.note ?? ''} |`,
      ),
      '',
      notes.join('\n\n'),
    ].join('\n');
  } finally {
    rmSync(data.dir, { recursive: true, force: true });
  }
}

const verdict = (ratio: number, goal: number) =>
  `${ratio >= goal ? 'met' : 'not met'} (${ratio.toFixed(1)}×)`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startBenchEnv } = await import('./studio-server');
  const small = process.argv.includes('--small');
  const size = small ? { train: 1125, test: 125, features: 256, targets: 1966 } : FULL_SIZE;
  let env: Promise<BenchEnv> | undefined;
  try {
    console.log(await benchRidge({ size, browser: () => (env ??= startBenchEnv()) }));
  } finally {
    await env?.then((e) => e.close());
  }
}
