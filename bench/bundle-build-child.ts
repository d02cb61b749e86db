/**
 * Child process of the bundle-building benchmark: runs `boldstudio bundle` (the CLI command, same
 * code path as `node src/cli/boldstudio.mjs bundle …`) with the given arguments, then prints one
 * line `BENCH {json}` with the time to load the CLI, the time of the command itself and the
 * process's peak resident memory. Run with `node --import tsx bench/bundle-build-child.ts ARGS…`.
 */
const { bundleCommand } = await import('../src/cli/commands/bundle');
const t1 = performance.now();
const code = await bundleCommand.run(process.argv.slice(2));
const t2 = performance.now();
const result = {
  code,
  // performance.now() counts from the process's start: Node, tsx and the CLI's modules (h5wasm).
  startupMs: t1,
  buildMs: t2 - t1,
  // resourceUsage().maxRSS is in kilobytes.
  maxRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6,
};
console.log(`BENCH ${JSON.stringify(result)}`);
process.exitCode = code;
