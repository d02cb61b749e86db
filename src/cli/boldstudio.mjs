#!/usr/bin/env node
// Entry point of the `boldstudio` command: runs the TypeScript CLI (same src/core as the app) through tsx.
import { register } from 'tsx/esm/api';

// h5wasm/node is 4 MB of JS with the wasm inlined: loaded by plain Node it starts ~1.5 s faster and
// ~500 MB smaller than through tsx's transform hooks.
await import('h5wasm/node');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
