/**
 * Data worker: reads the user's files (lazily, via WORKERFS), builds subject bundles, keeps them in
 * OPFS, and holds the current subject for the other panels.
 */
import { expose, transfer } from 'comlink';
import { imageSetIdentity } from '../src/core/backbone/cacheKey';
import type { BundleImages } from '../src/core/backbone/features';
import { readBundle, writeBundle } from '../src/core/bundle/hdf5';
import { summarizeBundle } from '../src/core/bundle/summary';
import type { SubjectBundle } from '../src/core/bundle/types';
import { generateDemoSubject, type DemoOptions } from '../src/core/demo';
import type { FitSubject } from '../src/core/fit/fitEncoder';
import { readSurfaceFile, type SurfaceItem } from '../src/core/formats/surfaceFiles';
import { subContext, type JobContext } from '../src/core/jobs/progress';
import { buildAlgonautsBundle, type AlgonautsOptions } from '../src/core/nsd/algonauts';
import { buildNsdBundle, type BuildOptions } from '../src/core/nsd/build';
import { inspectFile, inventory } from '../src/core/nsd/inspect';
import { fileStore } from './fileStore';
import { h5Bytes } from './h5Bytes';
import { mountFiles, readHdf5File, type PickedFile } from './localFiles';
import { exposeJobs } from './runtime';

let current: SubjectBundle | undefined;
const bundles = fileStore('bundles');

function subject(): SubjectBundle {
  if (!current) throw new Error('no subject is loaded');
  return current;
}

function viewOf(bundle: SubjectBundle, storedAs?: string) {
  return {
    summary: summarizeBundle(bundle),
    hemispheres: bundle.hemispheres ?? [],
    rois: bundle.rois,
    units: bundle.units,
    noiseCeiling: bundle.noiseCeiling,
    storedAs,
  };
}

/** What the page keeps of a loaded subject: enough to describe it and draw it. */
export type SubjectView = ReturnType<typeof viewOf>;

async function loadDemo(options: DemoOptions, ctx: JobContext) {
  current = await generateDemoSubject(options, ctx);
  return viewOf(current);
}

const bundleBytes = (bundle: SubjectBundle) => h5Bytes((file) => writeBundle(file, bundle));

async function inspectFiles(args: { files: PickedFile[] }, ctx: JobContext) {
  const mounted = await mountFiles(args.files);
  try {
    const reports = [];
    for (let i = 0; i < mounted.files.length; i++) {
      reports.push(await inspectFile(mounted.files[i], mounted.openHdf5));
      await ctx.checkpoint((i + 1) / mounted.files.length, mounted.files[i].path);
    }
    return inventory(mounted.files, reports);
  } finally {
    mounted.unmount();
  }
}

export type BuildRequest = { files: PickedFile[] } & (
  | { layout: 'nsd'; options: Omit<BuildOptions, 'created'> }
  | { layout: 'algonauts'; options: Omit<AlgonautsOptions, 'created'> }
);

async function buildBundle(request: BuildRequest, ctx: JobContext) {
  const mounted = await mountFiles(request.files);
  const created = new Date().toISOString();
  const building = subContext(ctx, 0, 0.9);
  let result;
  try {
    result =
      request.layout === 'nsd'
        ? await buildNsdBundle(mounted.files, { ...request.options, created }, mounted.openHdf5, building)
        : await buildAlgonautsBundle(mounted.files, { ...request.options, created }, building);
  } finally {
    mounted.unmount();
  }
  await ctx.checkpoint(0.92, 'writing the bundle');
  const { bundle } = result;
  const { hemi, roi } = request.layout === 'nsd' ? request.options : { hemi: undefined, roi: 'algonauts' };
  const name = `${bundle.subject}-${bundle.space}${hemi ? `-${hemi}` : ''}${roi ? `-${roi}` : ''}.h5`;
  const stored = await bundles.save(name, await bundleBytes(bundle));
  current = bundle;
  return { view: viewOf(bundle, stored.name), warnings: result.warnings };
}

async function openBundle(args: { file?: File; stored?: string }, ctx: JobContext) {
  const file = args.file ?? (await bundles.load(args.stored!));
  await ctx.checkpoint(0.1, `reading ${file.name}`);
  current = await readHdf5File(file, 'a subject bundle', readBundle);
  const stored =
    args.stored ?? (await bundles.save(file.name, new Uint8Array(await file.arrayBuffer()))).name;
  return viewOf(current, stored);
}

/** RGB images of the given stimulus indices, concatenated. */
async function stimuli(args: { indices: number[] }) {
  const { size, images } = subject().stimuli;
  const frame = size * size * 3;
  const out = new Uint8Array(args.indices.length * frame);
  args.indices.forEach((index, k) => out.set(images.subarray(index * frame, (index + 1) * frame), k * frame));
  return transfer({ size, pixels: out }, [out.buffer]);
}

/** What the inference worker reads of the current subject's stimuli, over a port of its own. */
export interface StimulusPort {
  info(): Promise<Omit<BundleImages, 'read'>>;
  read(start: number, count: number): Promise<Uint8Array>;
}

const stimulusIdentity = ({ stimuli }: SubjectBundle) =>
  imageSetIdentity(stimuli.nsdIds, stimuli.size, stimuli.images);

/** Serve the current subject's stimuli to another worker (feature extraction) over `port`. */
async function shareStimuli(args: { port: MessagePort }) {
  const bundle = subject();
  const { size, images, nsdIds } = bundle.stimuli;
  const frame = size * size * 3;
  const info = {
    count: nsdIds.length,
    size,
    nsdIds,
    trainIds: bundle.train.nsdIds,
    identity: await stimulusIdentity(bundle),
  };
  const served: StimulusPort = {
    info: async () => info,
    read: async (start, count) => {
      const out = images.slice(start * frame, (start + count) * frame);
      return transfer(out, [out.buffer]);
    },
  };
  expose(served, args.port);
}

/**
 * What a fit reads of the current subject (a copy: the page moves it on to the fitting worker), with the
 * identity of its image set so the page can tell whether the extracted features belong to these images.
 */
async function fitSubject() {
  const bundle = subject();
  const { subject: name, space, units, noiseCeiling, train, test, rois } = bundle;
  const fit: FitSubject = { subject: name, space, units, noiseCeiling, train, test, rois };
  return { subject: fit, images: await stimulusIdentity(bundle) };
}

async function exportBundle(_args: unknown, ctx: JobContext) {
  await ctx.checkpoint(0.1, 'writing HDF5');
  const bundle = subject();
  const bytes = await bundleBytes(bundle);
  return transfer({ name: `${bundle.subject}-${bundle.space}-bundle.h5`, bytes }, [bytes.buffer]);
}

/**
 * The user's surface and map files (small: read whole), one item per readable file and a message
 * naming the file for each unreadable one.
 */
async function readSurfaceFiles(args: { files: PickedFile[] }, ctx: JobContext) {
  const items: SurfaceItem[] = [];
  const problems: string[] = [];
  for (const [i, { path, file }] of args.files.entries()) {
    try {
      items.push(await readSurfaceFile(path, new Uint8Array(await file.arrayBuffer())));
    } catch (error) {
      problems.push(`${file.name}: ${(error as Error).message}`);
    }
    await ctx.checkpoint((i + 1) / args.files.length, path);
  }
  return { items, problems };
}

export const dataJobs = {
  loadDemo,
  inspectFiles,
  buildBundle,
  openBundle,
  listBundles: async () => bundles.list(),
  deleteBundle: async (args: { name: string }) => bundles.remove(args.name),
  stimuli,
  shareStimuli,
  fitSubject,
  exportBundle,
  readSurfaceFiles,
};
export type DataJobs = typeof dataJobs;

exposeJobs(dataJobs);
