/**
 * Child process of the bundle-building benchmark: the `boldstudio` command as users run it. It loads
 * the real entry point (src/cli/boldstudio.mjs, with `--version` so it does nothing else), so start-up
 * is whatever that entry does (tsx, h5wasm, …); then runs the bundle command with this process's
 * arguments and prints one line `BENCH {json}`: start-up and build times and peak resident memory.
 * Plain JavaScript on purpose: `node --import tsx` would change how the CLI's modules load.
 * Usage: node bench/bundle-build-child.mjs --nsd ROOT --subject 1 … --out bundle.h5
 */
import console from 'node:console';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const args = process.argv.slice(2);
process.argv = [process.argv[0], 'boldstudio', '--version'];
await import('../src/cli/boldstudio.mjs');
process.exitCode = undefined;
// The entry registered tsx and loaded every command; this import is served from the module cache.
const { bundleCommand } = await import('../src/cli/commands/bundle.ts');
const t1 = performance.now();
const startup = process.resourceUsage();
const code = await bundleCommand.run(args);
const t2 = performance.now();
const usage = process.resourceUsage();
const result = {
  code,
  // performance.now() counts from the process's start: Node, the CLI entry and its modules.
  startupMs: t1,
  buildMs: t2 - t1,
  // CPU time (user + system, all threads) of the build: well below buildMs means it waited.
  buildCpuMs: (usage.userCPUTime + usage.systemCPUTime - startup.userCPUTime - startup.systemCPUTime) / 1000,
  // resourceUsage().maxRSS is in kilobytes: the peak at start-up, and the peak of the whole process.
  startupRssMB: (startup.maxRSS * 1024) / 1e6,
  maxRssMB: (usage.maxRSS * 1024) / 1e6,
};
console.log(`BENCH ${JSON.stringify(result)}`);
process.exitCode = code;
