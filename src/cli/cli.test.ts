import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import h5wasm from 'h5wasm/node';
import { readBundle } from '../core/bundle/hdf5';
import { DEFAULT_DEMO, generateDemoSubject } from '../core/demo';
import { initH5, openH5 } from '../core/formats/h5';
import { silentContext } from '../core/jobs/progress';

const run = promisify(execFile);
const bin = new URL('./boldstudio.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('boldstudio CLI', () => {
  it('lists its subcommands', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: boldstudio <command>/);
    expect(stdout).toMatch(/\n {2}demo {2}/);
  });

  it('rejects unknown commands and bad flags with a usage message', async () => {
    expect((await cli('nonsense')).code).toBe(2);
    const missing = await cli('demo');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--out DIR is required/);
    const bad = await cli('demo', '--out', dir, '--images', 'many');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--images must be a non-negative integer, got "many"/);
  });

  it('writes the demo subject as a bundle equal to the one the app builds', async () => {
    const { code, stdout } = await cli(
      'demo',
      '--out',
      dir,
      '--images',
      '60',
      '--test-images',
      '10',
      '--seed',
      '5',
    );
    expect(code).toBe(0);
    const path = join(dir, 'demo01.h5');
    expect(stdout).toContain(path);

    const lib = await initH5(h5wasm);
    const file = openH5(lib, path, 'r');
    const written = readBundle(file);
    file.close();
    const expected = await generateDemoSubject(
      { ...DEFAULT_DEMO, seed: 5, imageCount: 60, testCount: 10 },
      silentContext,
    );
    expect(written).toEqual(expected);
  });
});
