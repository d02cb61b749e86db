#!/usr/bin/env node
// Entry point of the `boldstudio` command: runs the TypeScript CLI (same src/core as the app) through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
