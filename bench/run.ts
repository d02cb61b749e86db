/**
 * `npm run bench`: runs every benchmark and rewrites bench/RESULTS.md with the figures, the machine
 * and the date. Later capabilities add their sections here.
 */
import { writeFileSync } from 'node:fs';
import { benchAppLoad } from './app-load';
import { describeMachine } from './machine';
import { startBenchEnv } from './studio-server';
import { benchWorkerRoundTrip } from './worker-roundtrip';

interface Section {
  title: string;
  run(): Promise<string>;
}

async function main() {
  const env = await startBenchEnv();
  const sections: Section[] = [
    { title: 'App load time', run: () => benchAppLoad(env) },
    { title: 'Worker round-trip latency', run: () => benchWorkerRoundTrip(env) },
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
    await env.close();
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
