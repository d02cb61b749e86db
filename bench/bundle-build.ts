/**
 * Subject bundle building: throughput (MB of beta files per second) of `boldstudio bundle` next to a
 * plain sequential read of the same files, and the build's peak memory, for 1–8 sessions of a
 * synthetic NSD tree at a realistic per-session file size. Optionally the same build in the
 * studio's data worker (headless Chromium). Run alone with `npx tsx bench/bundle-build.ts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { linkTree, writeCommon, writeSession, type BigTreeSource } from './nsd-big-tree';
import type { BenchEnv } from './studio-server';

/** Session counts measured (BENCH_BUNDLE_SESSIONS=1,2 to change); the largest sets how many files are written. */
const SESSION_COUNTS = (process.env.BENCH_BUNDLE_SESSIONS ?? '1,2,4,8').split(',').map(Number);
/** (X, Y, Z): 107 520 voxels → 161 MB of int16 per session file (NSD's func1pt8mm files: 1.05 GB). */
const GRID: [number, number, number] = [48, 56, 40];
const STIMULUS_SIZE = 24;
const IMAGE_SIZE = 16;
/** Session counts also built in the browser (each one a fresh page; ~25 s per session today). */
const BROWSER_COUNTS = [1, 2];
/** Measured plain-read passes (after one unmeasured warm-up pass); the median is reported. */
const PLAIN_PASSES = 3;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const childScript = fileURLToPath(new URL('./bundle-build-child.mjs', import.meta.url));

export interface BundleBuildOptions {
  /** Starts (or returns) the browser environment; without it the browser rows are skipped. */
  browser?: () => Promise<BenchEnv>;
}

interface PlainRead {
  bytes: number;
  ms: number;
}

/** Each file read start to end in 8 MiB blocks into one reused buffer. */
function plainRead(files: string[]): PlainRead {
  const buffer = Buffer.allocUnsafe(8 * 2 ** 20);
  let bytes = 0;
  const t0 = performance.now();
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      let n: number;
      while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, ms: performance.now() - t0 };
}

/** Median of a warm-up pass and then PLAIN_PASSES measured passes over the files. */
function plainReads(files: string[]): PlainRead {
  plainRead(files);
  const passes = Array.from({ length: PLAIN_PASSES }, () => plainRead(files)).sort((a, b) => a.ms - b.ms);
  return passes[Math.floor(PLAIN_PASSES / 2)];
}

/** Fraction of the files' bytes in the page cache (util-linux fincore), or undefined without it. */
function cachedFraction(files: string[]): number | undefined {
  try {
    const out = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES,SIZE', ...files], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let res = 0;
    let size = 0;
    for (const line of out.trim().split('\n')) {
      const [r, s] = line.trim().split(/\s+/).map(Number);
      res += r;
      size += s;
    }
    return size > 0 ? res / size : undefined;
  } catch {
    return undefined;
  }
}

interface ChildResult {
  startupRssMB: number;
  startupMs: number;
  buildCpuMs: number;
  buildMs: number;
  wallMs: number;
  maxRssMB: number;
  units: number;
  images: number;
}

/** `boldstudio bundle` in a fresh Node process, started through the CLI's own entry point. */
function buildInChild(tree: string, out: string): Promise<ChildResult> {
  const args = [
    childScript,
    '--nsd',
    tree,
    '--subject',
    '1',
    '--space',
    'func1pt8mm',
    '--roi',
    'nsdgeneral',
    '--image-size',
    String(IMAGE_SIZE),
    '--out',
    out,
  ];
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
      const summary = /(\d+) units, (\d+) train \/ (\d+) test images/.exec(stdout);
      if (code !== 0 || !line || !summary) {
        reject(new Error(`bundle build failed (exit ${code}):\n${stdout}\n${stderr}`));
        return;
      }
      const r = JSON.parse(line.slice(6)) as Omit<ChildResult, 'wallMs' | 'units' | 'images'>;
      resolve({ ...r, wallMs, units: Number(summary[1]), images: Number(summary[2]) + Number(summary[3]) });
    });
  });
}

interface BrowserResult {
  ms: number;
  peakRendererMB?: number;
}

/** Peak resident memory (VmHWM) of each renderer process of the bench's browser, by pid. */
async function rendererPeaks(env: BenchEnv): Promise<Map<number, number>> {
  const peaks = new Map<number, number>();
  try {
    const cdp = await env.browser.newBrowserCDPSession();
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { id: number; type: string }[];
    };
    await cdp.detach();
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue;
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peaks.set(p.id, (Number(hwm[1]) * 1024) / 1e6);
    }
  } catch {
    // No /proc or no CDP: peak memory is left out.
  }
  return peaks;
}

/** The studio's own flow: pick the folder, set the image size, Build bundle, wait for the job. */
async function buildInBrowser(env: BenchEnv, tree: string): Promise<BrowserResult> {
  const context = await env.browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(env.url);
    await page.getByTestId('subject-summary').waitFor({ timeout: 120_000 });
    await page.getByTestId('folder-input').setInputFiles(tree);
    const row = page.getByTestId('dataset').filter({ hasText: 'func1pt8mm' });
    await row.waitFor({ timeout: 120_000 });
    await row.getByLabel(/Image size/).fill(String(IMAGE_SIZE));
    const before = await rendererPeaks(env);
    const t0 = performance.now();
    await row.getByRole('button', { name: 'Build bundle' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'Building the subj01 func1pt8mm bundle' });
    await job.and(page.locator('[data-state="done"], [data-state="failed"]')).waitFor({ timeout: 600_000 });
    const ms = performance.now() - t0;
    const state = await job.getAttribute('data-state');
    if (state !== 'done') throw new Error(`browser build ended ${state}: ${await job.innerText()}`);
    const after = await rendererPeaks(env);
    // The renderer that grew during the build holds the page and its data worker.
    let peakRendererMB: number | undefined;
    for (const [pid, mb] of after) {
      if (!before.has(pid) || mb > before.get(pid)!) peakRendererMB = Math.max(peakRendererMB ?? 0, mb);
    }
    return { ms, peakRendererMB };
  } finally {
    await context.close();
  }
}

interface Row {
  sessions: number;
  betas: string[];
  betaMB: number;
  plain: PlainRead;
  build: ChildResult;
  /** Page-cache residency of the beta files right before and right after the build. */
  cached: [number | undefined, number | undefined];
  browser?: BrowserResult | string;
}

const mbps = (bytes: number, ms: number) => bytes / 1e6 / (ms / 1000);
const f0 = (v: number) => v.toFixed(0);

export async function benchBundleBuild(options: BundleBuildOptions = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'boldstudio-bench-bundle-'));
  const rows: Row[] = [];
  try {
    const t0 = performance.now();
    const source = await writeCommon(join(dir, 'source'), { grid: GRID, imageSize: STIMULUS_SIZE });
    for (let s = 1; s <= Math.max(...SESSION_COUNTS); s++) {
      await writeSession(source, s);
      console.log(`bench: wrote session ${s}`);
    }
    const generateMs = performance.now() - t0;

    for (const sessions of SESSION_COUNTS) {
      const tree = join(dir, `sessions-${sessions}`);
      const betas = linkTree(source, tree, sessions);
      const betaBytes = betas.reduce((sum, f) => sum + statSync(f).size, 0);
      // The plain read comes right before the build of the same files: both find them in the page cache.
      const plain = plainReads(betas);
      const before = cachedFraction(betas);
      const build = await buildInChild(tree, join(dir, `bundle-${sessions}.h5`));
      const row: Row = {
        sessions,
        betas,
        betaMB: betaBytes / 1e6,
        plain,
        build,
        cached: [before, cachedFraction(betas)],
      };
      console.log(
        `bench: ${sessions} session(s): plain ${f0(mbps(plain.bytes, plain.ms))} MB/s, build ` +
          `${f0(mbps(betaBytes, build.buildMs))} MB/s, peak ${f0(build.maxRssMB)} MB`,
      );
      rows.push(row);
    }

    if (options.browser) {
      let env: BenchEnv | undefined;
      try {
        env = await options.browser();
      } catch (error) {
        for (const row of rows) row.browser = `no browser: ${(error as Error).message.split('\n')[0]}`;
      }
      for (const row of rows) {
        if (!env || !BROWSER_COUNTS.includes(row.sessions)) continue;
        try {
          plainRead(row.betas); // warm the page cache again, as for the CLI build
          row.browser = await buildInBrowser(env, join(dir, `sessions-${row.sessions}`));
          console.log(`bench: browser, ${row.sessions} session(s): ${f0(row.browser.ms)} ms`);
        } catch (error) {
          row.browser = `failed: ${(error as Error).message.split('\n')[0]}`;
        }
      }
    }
    return report(rows, source, generateMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(rows: Row[], source: BigTreeSource, generateMs: number): string {
  const [X, Y, Z] = source.grid;
  const pct = (v: number | undefined) => (v === undefined ? '–' : `${f0(100 * v)} %`);
  const table = [
    '| sessions | beta MB | plain read MB/s | build MB/s | build / plain | build s (CPU s) | start-up s | images | per-image array MB | peak RSS MB (at start-up) | page cache before / after build |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const plain = mbps(r.plain.bytes, r.plain.ms);
      const build = mbps(r.betaMB * 1e6, r.build.buildMs);
      // One float32 (images × units) array; the builder holds several (sums, sums of squares, copies).
      const perImage = (r.build.images * r.build.units * 4) / 1e6;
      return (
        `| ${r.sessions} | ${f0(r.betaMB)} | ${f0(plain)} | ${f0(build)} | ${((100 * build) / plain).toFixed(1)} % | ` +
        `${(r.build.buildMs / 1000).toFixed(1)} (${(r.build.buildCpuMs / 1000).toFixed(1)}) | ` +
        `${(r.build.startupMs / 1000).toFixed(1)} | ${r.build.images} | ` +
        `${f0(perImage)} | ${f0(r.build.maxRssMB)} (${f0(r.build.startupRssMB)}) | ${pct(r.cached[0])} / ${pct(r.cached[1])} |`
      );
    }),
  ];
  const browserRows = rows.filter((r) => typeof r.browser === 'object');
  const notes = rows.map((r) => r.browser).filter((b): b is string => typeof b === 'string');
  const browserTable = browserRows.length
    ? [
        '',
        'The same trees built in the studio (headless Chromium; files picked as a folder, read by the data ' +
          "worker through h5wasm's WORKERFS), from the Build bundle click to the job done, bundle saved in " +
          "the browser's storage; peak RSS is the renderer process that holds the page and its workers:",
        '',
        '| sessions | beta MB | build s | build MB/s | build / plain | renderer peak RSS MB |',
        '|---|---|---|---|---|---|',
        ...browserRows.map((r) => {
          const b = r.browser as BrowserResult;
          const build = mbps(r.betaMB * 1e6, b.ms);
          const plain = mbps(r.plain.bytes, r.plain.ms);
          return (
            `| ${r.sessions} | ${f0(r.betaMB)} | ${(b.ms / 1000).toFixed(1)} | ${build.toFixed(1)} | ` +
            `${((100 * build) / plain).toFixed(2)} % | ${b.peakRendererMB === undefined ? '–' : f0(b.peakRendererMB)} |`
          );
        }),
      ]
    : [];
  const units = rows[0]?.build.units ?? 0;
  return [
    `Synthetic NSD trees in the real formats, written for the run to a temporary folder and deleted after ` +
      `(${(generateMs / 1000).toFixed(0)} s to write): int16 betas (750, ${Z}, ${Y}, ${X}) in chunks ` +
      `(750, 1, 1, 1) like NSD's, ${f0(rows[0]?.betaMB ?? 0)} MB per session file (NSD's func1pt8mm files are ` +
      `1.05 GB); an nsdgeneral-like mask selecting ${units} voxels (${f0((100 * units) / (X * Y * Z))} % of the ` +
      `grid, one compact blob); an NSD-like responses.tsv (10 000 images × 3 trials over 40 sessions, ` +
      `shuffled); ${STIMULUS_SIZE}×${STIMULUS_SIZE} stimuli, built with \`--image-size ${IMAGE_SIZE}\`. ` +
      `Each build is \`boldstudio bundle\` in a fresh Node process started through the CLI's entry point ` +
      `(src/cli/boldstudio.mjs); "build s" is the command itself (read, z-score, average, stimuli, write the ` +
      `.h5) and gives build MB/s (beta file bytes / build s), with the process's CPU time (all threads) in ` +
      `parentheses; start-up (Node, tsx, the CLI's modules) is apart. Right before each build the same beta files are read start to end in 8 MiB blocks ` +
      `(fs.readSync into one reused buffer): one warm-up pass, then the median of ${PLAIN_PASSES} passes. ` +
      `Nothing is dropped, so both the plain read and the build find the files in the page cache (residency ` +
      `checked with fincore in the last column): the plain read is a memory-speed ceiling, not disk speed. ` +
      `Peak RSS is the build process's maxRSS, with the peak at start-up in parentheses; a "per-image ` +
      `array" is one float32 images × units array, of which the builder holds several at once (sums, sums ` +
      `of squares, compacted responses, train/test copies), so peak memory follows the number of distinct ` +
      `images in the sessions read, not the sessions themselves (one session's masked betas, ` +
      `${f0((750 * units * 4) / 1e6)} MB as float32, is the only per-session buffer). ` +
      `One run per row; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the end (CPU s counts ` +
      `Node's helper threads too; a build slowed by other work on the machine shows CPU s well below build s).`,
    '',
    ...table,
    ...browserTable,
    ...(notes.length ? ['', `Browser: ${[...new Set(notes)].join('; ')}`] : []),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchBundleBuild());
}
