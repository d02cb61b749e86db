/** Helpers for e2e tests that build subject bundles: a fixture tree, and array checksums to compare bundles. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import { readBundle } from '../src/core/bundle/hdf5';
import { initH5, openH5 } from '../src/core/formats/h5';
import { writeNsdTree, type Tree, type TreeOptions } from '../src/core/testing/nsdTree';

export async function fixtureTree(options: TreeOptions = {}): Promise<Tree> {
  return writeNsdTree(mkdtempSync(join(tmpdir(), 'e2e-nsd-')), options);
}

/** SHA-256 of every array in a bundle file (provenance aside, which names times and paths). */
export async function bundleChecksums(path: string): Promise<Record<string, string>> {
  const lib = await initH5(h5wasm);
  const file = openH5(lib, path, 'r');
  const bundle = readBundle(file);
  file.close();
  const hash = (a: ArrayBufferView) =>
    createHash('sha256')
      .update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
      .digest('hex');
  const out: Record<string, string> = {
    'units/index': hash(bundle.units.index),
    'units/noise_ceiling': hash(bundle.noiseCeiling),
    'train/responses': hash(bundle.train.responses),
    'train/nsd_ids': hash(bundle.train.nsdIds),
    'train/repetitions': hash(bundle.train.repetitions),
    'test/responses': hash(bundle.test.responses),
    'test/nsd_ids': hash(bundle.test.nsdIds),
    'stimuli/images': hash(bundle.stimuli.images),
  };
  for (const roi of bundle.rois) out[`rois/${roi.name}`] = hash(roi.labels) + roi.labelNames.join(',');
  return out;
}

/** `boldstudio bundle` for subject 1, func1pt8mm, nsdgeneral: the CLI's bundle to compare the browser's with. */
export function cliBundle(root: string, out: string, imageSize: number): void {
  const args = ['bundle', '--nsd', root, '--subject', '1', '--space', 'func1pt8mm', '--roi', 'nsdgeneral'];
  execFileSync(process.execPath, [
    'src/cli/boldstudio.mjs',
    ...args,
    '--image-size',
    String(imageSize),
    '--out',
    out,
  ]);
}
