/**
 * `npm run bench`: runs every benchmark and rewrites bench/RESULTS.md with the figures, the machine
 * and the date. Later capabilities add their sections here. The browser environment (app build,
 * preview server, Chromium) starts only when a section first asks for it, so sections that need no
 * browser do not wait on it.
 */
import { writeFileSync } from 'node:fs';
import { benchAppLoad } from './app-load';
import { benchBundleBuild } from './bundle-build';
import { benchFeatures } from './features';
import { benchVjp } from './vjp';
import { benchViewer } from './viewer';
import { describeMachine } from './machine';
import { benchRidge } from './ridge';
import { startBenchEnv, type BenchEnv } from './studio-server';
import { benchWorkerRoundTrip } from './worker-roundtrip';

interface Section {
  title: string;
  run(): Promise<string>;
}

async function main() {
  let started: Promise<BenchEnv> | undefined;
  const env = () => (started ??= startBenchEnv());
  const sections: Section[] = [
    { title: 'App load time', run: async () => benchAppLoad(await env()) },
    { title: 'Worker round-trip latency', run: async () => benchWorkerRoundTrip(await env()) },
    { title: 'Subject bundle building', run: () => benchBundleBuild({ browser: env }) },
    { title: 'Feature extraction', run: () => benchFeatures({ browser: env }) },
    { title: 'Input gradients (VJP) vs forward', run: async () => benchVjp(await env()) },
    { title: 'Ridge regression', run: () => benchRidge({ browser: env }) },
    { title: 'Surface viewer at fsaverage size', run: async () => benchViewer(await env()) },
  ];
  const parts: string[] = [];
  try {
    for (const section of sections) {
      console.log(`bench: ${section.title}…`);
      const body = await section.run();
      console.log(body);
      parts.push(`## ${section.title}\n\n${body}`);
    }
  } finally {
    if (started)
      await started.then(
        (e) => e.close(),
        () => {},
      );
  }
  const report = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    describeMachine(),
    '',
    ...parts.map((p) => `${p}\n`),
  ].join('\n');
  writeFileSync(new URL('./RESULTS.md', import.meta.url), report);
  console.log('bench: wrote bench/RESULTS.md');
}

await main();
