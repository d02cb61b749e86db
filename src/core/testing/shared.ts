/**
 * The conformance suite runs on the read-only material in ../shared when it is there. Without it
 * the suite says so and skips; in CI (CI=true) its absence is a failure.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe } from 'vitest';

export const SHARED_DIR = resolve(
  process.env.BOLDSTUDIO_SHARED ?? new URL('../../../../shared', import.meta.url).pathname,
);

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

/** `describe` for tests that need ../shared: skipped locally when it is absent, failing in CI. */
export function describeShared(name: string, needs: string, body: () => void): void {
  const present = existsSync(sharedPath(needs));
  if (!present && process.env.CI) {
    throw new Error(`conformance: ${sharedPath(needs)} is missing, and CI must run the conformance suite`);
  }
  if (!present) console.warn(`conformance: ${sharedPath(needs)} not found — skipping "${name}"`);
  describe.skipIf(!present)(`${name} [conformance: ../shared/${needs}]`, body);
}
