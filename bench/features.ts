/**
 * Feature extraction speed (images/s) for the AlexNet fixture at 224 × 224, batch 16, tapping its last
 * conv block (pool5, so the whole conv stack runs): the studio's extraction job in headless Chromium
 * (wasm with threads, and WebGPU), `boldstudio features` in Node, and onnxruntime-node running the same
 * model on the same batch size, all in one run. Needs ../shared (the fixture); says so when absent.
 * Run alone with `npx tsx bench/features.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ortNode from 'onnxruntime-node';
import type { BenchEnv } from './studio-server';

const MODEL = fileURLToPath(new URL('../../shared/fixtures/onnx/alexnet.onnx', import.meta.url));
const TAP = 'pool5';
const BATCH = 16;
const SIDE = 224;
/** Demo images per run (the demo form takes 20, 30, 40, …): wasm/CLI/onnxruntime-node, and WebGPU on a software adapter (~50× slower). */
const IMAGES = 160;
const WEBGPU_IMAGES = 30;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repoRoot, 'src/cli/boldstudio.mjs');

async function onnxruntimeNode(): Promise<number> {
  const session = await ortNode.InferenceSession.create(MODEL, { graphOptimizationLevel: 'all' });
  const input = new ortNode.Tensor('float32', new Float32Array(BATCH * 3 * SIDE * SIDE).fill(0.5), [
    BATCH,
    3,
    SIDE,
    SIDE,
  ]);
  await session.run({ image: input });
  const batches = IMAGES / BATCH;
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) await session.run({ image: input });
  const seconds = (performance.now() - t0) / 1000;
  await session.release();
  return IMAGES / seconds;
}

function cli(dir: string): number {
  execFileSync(
    process.execPath,
    [bin, 'demo', '--out', dir, '--images', String(IMAGES), '--test-images', '16'],
    { stdio: 'ignore' },
  );
  const out = execFileSync(
    process.execPath,
    [
      bin,
      'features',
      '--model',
      MODEL,
      '--layers',
      TAP,
      '--bundle',
      join(dir, 'demo01.h5'),
      '--out',
      join(dir, 'f.h5'),
      '--batch',
      String(BATCH),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const match = /([\d.]+) images\/s/.exec(out);
  if (!match) throw new Error(`boldstudio features printed no rate:\n${out}`);
  return Number(match[1]);
}

/** The studio's own flow: demo with N images, drop the model, tick the tap, extract; the job reports images/s. */
async function browser(
  env: BenchEnv,
  backend: 'wasm' | 'webgpu',
  images: number,
): Promise<{ rate: number; adapter: string }> {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${env.url}?backend=${backend}`);
    const status = page.getByTestId('backend');
    await status.filter({ hasText: /Compute: (wasm|WebGPU) ·/ }).waitFor({ timeout: 120_000 });
    await page.getByTestId('subject-summary').waitFor({ timeout: 120_000 });
    await page.getByRole('spinbutton', { name: 'Images' }).fill(String(images));
    await page.getByRole('button', { name: 'Rebuild demo' }).click();
    await page
      .getByTestId('job')
      .filter({ hasText: `(${images} images)` })
      .and(page.locator('[data-state="done"]'))
      .waitFor({ timeout: 120_000 });
    await page
      .getByRole('navigation', { name: 'Panels' })
      .getByRole('button', { name: /Backbone/ })
      .click();
    await page.getByTestId('model-input').setInputFiles(MODEL);
    await page.getByRole('heading', { name: 'Backbone · alexnet.onnx' }).waitFor({ timeout: 300_000 });
    await page.getByRole('checkbox', { name: `Tap ${TAP}`, exact: true }).check();
    await page.getByRole('spinbutton', { name: 'Batch' }).fill(String(BATCH));
    await page.getByRole('button', { name: 'Extract features' }).click();
    const result = page.getByTestId('extraction');
    await result.waitFor({ timeout: 590_000 });
    const text = (await result.textContent()) ?? '';
    const match = /images computed on (\w+) at ([\d.]+) images\/s/.exec(text);
    if (!match || match[1] !== backend) throw new Error(`unexpected extraction summary: ${text}`);
    return {
      rate: Number(match[2]),
      adapter: ((await status.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    };
  } finally {
    await context.close();
  }
}

export async function benchFeatures(options: { browser?: () => Promise<BenchEnv> }): Promise<string> {
  if (!existsSync(MODEL)) return `Skipped: ${MODEL} (from ../shared) is not present.`;
  const reference = await onnxruntimeNode();
  const cliRate = cli(mkdtempSync(join(tmpdir(), 'bench-features-')));
  const rows = [
    `| onnxruntime-node ${JSON.parse(readFileSync(join(repoRoot, 'node_modules/onnxruntime-node/package.json'), 'utf8')).version} (CPU EP, default threads), reference | ${reference.toFixed(1)} | 1.00 |`,
    `| \`boldstudio features\` (onnxruntime-web wasm in Node, 1 thread) | ${cliRate.toFixed(1)} | ${(cliRate / reference).toFixed(2)} |`,
  ];
  const notes: string[] = [];
  if (options.browser) {
    const env = await options.browser();
    const wasm = await browser(env, 'wasm', IMAGES);
    rows.push(
      `| studio, headless Chromium, wasm (${wasm.adapter}) | ${wasm.rate.toFixed(1)} | ${(wasm.rate / reference).toFixed(2)} |`,
    );
    const webgpu = await browser(env, 'webgpu', WEBGPU_IMAGES);
    rows.push(
      `| studio, headless Chromium, WebGPU (${webgpu.adapter}) | ${webgpu.rate.toFixed(2)} | ${(webgpu.rate / reference).toFixed(3)} |`,
    );
    notes.push(
      `Browser goal (wasm on CPU ≥ 0.5× onnxruntime-node): ${wasm.rate / reference >= 0.5 ? 'met' : 'not met'} (ratio ${(wasm.rate / reference).toFixed(2)}).`,
      `WebGPU here is SwiftShader, a CPU emulation of a GPU, measured on ${WEBGPU_IMAGES} images; it says nothing about real GPUs.`,
    );
  }
  return [
    `AlexNet fixture (\`alexnet.onnx\`, seeded weights), input ${SIDE} × ${SIDE}, batch ${BATCH}, tap \`${TAP}\`; ` +
      `${IMAGES} demo images (96 px, resized) per run. Studio and CLI rates are those the extraction job reports ` +
      '(preprocessing, inference and the reduction graph; model loading excluded); onnxruntime-node runs the bare model on a fixed batch.',
    '',
    '| engine | images/s | × onnxruntime-node |',
    '|---|---|---|',
    ...rows,
    '',
    ...notes,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startBenchEnv } = await import('./studio-server');
  let env: Promise<BenchEnv> | undefined;
  try {
    console.log(await benchFeatures({ browser: () => (env ??= startBenchEnv()) }));
  } finally {
    await env?.then((e) => e.close());
  }
}
