/** Time from navigation to a usable studio: first paint of the shell, backend verified, demo loaded. */
import type { BenchEnv } from './studio-server';
import { fmtMs, quantile } from './stats';

const RUNS = 5;

export async function benchAppLoad(env: BenchEnv): Promise<string> {
  const shell: number[] = [];
  const backend: number[] = [];
  const demo: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(env.url);
    await page.getByTestId('statusbar').waitFor();
    shell.push(Date.now() - t0);
    await page
      .getByTestId('backend')
      .filter({ hasText: /Compute: (wasm|WebGPU) ·/ })
      .waitFor({ timeout: 120_000 });
    backend.push(Date.now() - t0);
    await page.getByTestId('subject-summary').waitFor({ timeout: 120_000 });
    demo.push(Date.now() - t0);
    await context.close();
  }
  const row = (name: string, v: number[]) =>
    `| ${name} | ${fmtMs(quantile(v, 0.5))} | ${fmtMs(Math.min(...v))} | ${fmtMs(Math.max(...v))} |`;
  return [
    `Production build served by \`vite preview\`, fresh browser context each run (cold caches), ${RUNS} runs.`,
    '',
    '| milestone (ms after navigation) | median | min | max |',
    '|---|---|---|---|',
    row('studio shell rendered', shell),
    row('compute backend verified (ORT self-test)', backend),
    row('demo subject built and shown', demo),
  ].join('\n');
}
