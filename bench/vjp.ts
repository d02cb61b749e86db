/**
 * Input-gradient cost: one VJP against one forward pass (to the same layer) for the AlexNet and ViT
 * fixtures at batch 1 and 8, on wasm (threads) and WebGPU in headless Chromium. Goal: VJP ≤ 3× forward.
 * Needs ../shared (the fixtures). Run alone with `npx tsx bench/vjp.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { callHook } from '../e2e/benchHook';
import type { BenchEnv } from './studio-server';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/onnx/', import.meta.url));
const CASES = [
  { model: 'alexnet.onnx', output: 'pool5', side: 224 },
  { model: 'vit_tiny.onnx', output: 'cls', side: 64 },
];
const BATCHES = [1, 8];

interface Timing {
  backend: string;
  forwardMs: number;
  vjpMs: number;
  fallbacks: number;
}

export async function benchVjp(env: BenchEnv): Promise<string> {
  if (!existsSync(FIXTURES)) return `Skipped: ${FIXTURES} (from ../shared) is not present.`;
  const rows: string[] = [];
  for (const backend of ['wasm', 'webgpu'] as const) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    try {
      await page.goto(`${env.url}?bench&backend=${backend}`);
      await page
        .getByTestId('backend')
        .filter({ hasText: /Compute: (wasm|WebGPU) ·/ })
        .waitFor({ timeout: 120_000 });
      for (const c of CASES) {
        for (const batch of BATCHES) {
          // Software WebGPU is ~50× slower than wasm: fewer runs there.
          const runs = backend === 'webgpu' ? 2 : 5;
          const t = await callHook<Timing>(page, 'timeGradient', {
            model: new Uint8Array(readFileSync(FIXTURES + c.model)),
            output: c.output,
            dims: [batch, 3, c.side, c.side],
            runs,
          });
          if (t.backend !== backend) throw new Error(`asked for ${backend}, ran on ${t.backend}`);
          const ratio = t.vjpMs / t.forwardMs;
          rows.push(
            `| ${c.model} → ${c.output} | ${c.side} | ${batch} | ${backend} | ${t.forwardMs.toFixed(1)} | ${t.vjpMs.toFixed(1)} | ${ratio.toFixed(2)} ${ratio <= 3 ? '✓' : '✗'} | ${t.fallbacks} |`,
          );
        }
      }
    } finally {
      await context.close();
    }
  }
  return [
    'Median of several runs after a warm-up, in the inference worker of headless Chromium. The VJP model computes the',
    'forward outputs and the input gradient of Σ output·cotangent. WebGPU here is SwiftShader (a CPU emulation); its',
    'absolute times say nothing about real GPUs, but the VJP/forward ratio is meaningful. Goal: VJP ≤ 3× forward.',
    '',
    '| model → output | side | batch | backend | forward ms | VJP ms | VJP / forward | backward nodes on CPU |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startBenchEnv } = await import('./studio-server');
  const env = await startBenchEnv();
  try {
    console.log(await benchVjp(env));
  } finally {
    await env.close();
  }
}
