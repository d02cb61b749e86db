/** Data worker: builds and holds subject bundles (the demo for now) and writes them to HDF5. */
import h5wasm from 'h5wasm';
import { transfer } from 'comlink';
import { writeBundle } from '../src/core/bundle/hdf5';
import { summarizeBundle } from '../src/core/bundle/summary';
import type { SubjectBundle } from '../src/core/bundle/types';
import { generateDemoSubject, type DemoOptions } from '../src/core/demo';
import { initH5, openH5 } from '../src/core/formats/h5';
import type { JobContext } from '../src/core/jobs/progress';
import { exposeJobs } from './runtime';

let bundle: SubjectBundle | undefined;

function current(): SubjectBundle {
  if (!bundle) throw new Error('no subject is loaded');
  return bundle;
}

async function loadDemo(options: DemoOptions, ctx: JobContext) {
  const demo = await generateDemoSubject(options, ctx);
  bundle = demo;
  return {
    summary: summarizeBundle(demo),
    hemispheres: demo.hemispheres ?? [],
    rois: demo.rois,
    units: demo.units,
    noiseCeiling: demo.noiseCeiling,
  };
}

/** RGB images of the given stimulus indices, concatenated. */
async function stimuli(args: { indices: number[] }) {
  const { size, images } = current().stimuli;
  const frame = size * size * 3;
  const out = new Uint8Array(args.indices.length * frame);
  args.indices.forEach((index, k) => out.set(images.subarray(index * frame, (index + 1) * frame), k * frame));
  return transfer({ size, pixels: out }, [out.buffer]);
}

async function exportBundle(_args: unknown, ctx: JobContext) {
  const lib = await initH5(h5wasm);
  const { FS } = await h5wasm.ready;
  const path = `/export-${Date.now()}.h5`;
  await ctx.checkpoint(0.1, 'writing HDF5');
  const file = openH5(lib, path, 'w');
  try {
    writeBundle(file, current());
  } finally {
    file.close();
  }
  await ctx.checkpoint(0.9, 'reading back');
  const bytes = FS.readFile(path) as Uint8Array;
  FS.unlink(path);
  return transfer({ name: `${current().subject}-bundle.h5`, bytes }, [bytes.buffer]);
}

/** What the page keeps of a loaded subject: enough to describe it and draw it. */
export type SubjectView = Awaited<ReturnType<typeof loadDemo>>;

export const dataJobs = { loadDemo, stimuli, exportBundle };
export type DataJobs = typeof dataJobs;

exposeJobs(dataJobs);
