/**
 * The surface viewer at fsaverage size: two hemispheres of 163,842 vertices (the icosahedron
 * subdivided 7 times, 327,680 faces each), RdBu_r overlay, 960 × 540 canvas, in headless Chromium on
 * the `?surface-sandbox=bench` page. Times, as medians over repeats: a new overlay (fill the value
 * attributes, upload, draw), a new threshold (uniforms only, draw), an unchanged frame; each "drawn"
 * time ends with a 1-pixel read-back so the GPU (here SwiftShader, on the CPU) has finished.
 * Run alone with `npx tsx bench/viewer.ts`.
 */
import { fileURLToPath } from 'node:url';
import { callHook } from '../e2e/benchHook';
import { fmtMs, quantile } from './stats';
import type { BenchEnv } from './studio-server';

const REPEATS = 20;

interface ChangeTimes {
  setData: number[];
  drawn: number[];
}

export async function benchViewer(env: BenchEnv): Promise<string> {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${env.url}?surface-sandbox=bench`);
    await page.locator('[data-ready="true"]').waitFor({ timeout: 120_000 });
    const first = await callHook<{ ms: number; vertices: number; canvas: string; renderer: string }>(
      page,
      'viewerFirstDraw',
      {},
    );
    const overlay = await callHook<ChangeTimes>(page, 'viewerOverlay', { repeats: REPEATS });
    const threshold = await callHook<ChangeTimes>(page, 'viewerThreshold', { repeats: REPEATS });
    const frame = await callHook<number[]>(page, 'viewerFrame', { repeats: REPEATS });
    const cells = (v: number[]) =>
      `${fmtMs(quantile(v, 0.5))} | ${fmtMs(Math.min(...v))} | ${fmtMs(Math.max(...v))}`;
    return [
      `${first.vertices.toLocaleString('en')} vertices in two hemispheres, ${first.canvas} canvas, ` +
        `WebGL renderer "${first.renderer}"; ${REPEATS} repeats each.`,
      '',
      '| step | median ms | min | max |',
      '|---|---|---|---|',
      `| first draw (geometry, normals, uploads, frame) | ${fmtMs(first.ms)} | | |`,
      `| new overlay: \`setData\` alone (fill the value attributes) | ${cells(overlay.setData)} |`,
      `| new overlay: \`setData\` + upload + frame | ${cells(overlay.drawn)} |`,
      `| new threshold: \`setData\` alone (uniforms) | ${cells(threshold.setData)} |`,
      `| new threshold: \`setData\` + frame | ${cells(threshold.drawn)} |`,
      `| unchanged frame | ${cells(frame)} |`,
      '',
      'A threshold change touches no attribute: its cost is the frame. SwiftShader rasterises on the CPU, ' +
        'so frame times here are far above a GPU’s; the CPU-side `setData` times carry over.',
    ].join('\n');
  } finally {
    await context.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { startBenchEnv } = await import('./studio-server');
  const env = await startBenchEnv();
  try {
    console.log(await benchViewer(env));
  } finally {
    await env.close();
  }
}
