/** ../shared for e2e conformance tests: skipped with a notice when absent, required in CI. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from '@playwright/test';

export const SHARED_DIR = resolve(
  process.env.BOLDSTUDIO_SHARED ?? new URL('../../shared', import.meta.url).pathname,
);

/** Call at the top of a describe block; returns the path of the needed shared material. */
export function requireShared(relative: string): string {
  const path = resolve(SHARED_DIR, relative);
  const present = existsSync(path);
  if (!present && process.env.CI)
    throw new Error(`conformance: ${path} is missing, and CI must run the conformance suite`);
  if (!present) console.warn(`conformance: ${path} not found — skipping`);
  test.skip(!present, `needs ${path}`);
  return path;
}
