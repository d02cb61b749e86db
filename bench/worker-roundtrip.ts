/**
 * Latency of one job through the worker runtime (page → comlink → worker job → result → page),
 * measured inside the page with the smallest real job (an empty stimulus read).
 */
import type { BenchEnv } from './studio-server';
import { fmtMs } from './stats';

const CALLS = 300;

export async function benchWorkerRoundTrip(env: BenchEnv): Promise<string> {
  const page = await env.browser.newPage();
  await page.goto(`${env.url}?bench`);
  await page.getByTestId('subject-summary').waitFor({ timeout: 120_000 });
  const times = await page.evaluate(async (calls) => {
    const bench = (window as unknown as { __boldstudioBench: { roundTrip(): Promise<number> } })
      .__boldstudioBench;
    const out: number[] = [];
    for (let i = 0; i < calls; i++) out.push(await bench.roundTrip());
    return out.sort((a, b) => a - b);
  }, CALLS);
  await page.close();
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return [
    `${CALLS} sequential jobs on the data worker, timed in the page with performance.now().`,
    '',
    '| median (ms) | p95 (ms) | min (ms) |',
    '|---|---|---|',
    `| ${fmtMs(q(0.5))} | ${fmtMs(q(0.95))} | ${fmtMs(times[0])} |`,
  ].join('\n');
}
