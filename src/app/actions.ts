/** What the UI can ask for: each action starts worker jobs and puts their results in the store. */
import type { PickedFile } from '../../workers/localFiles';
import type { BackendPreference } from '../core/compute/backend';
import type { BuildRequest } from '../../workers/data.worker';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
import type { DemoOptions } from '../core/demo';
import { addToSurfaceSet, vertexCounts } from '../core/formats/surfaceSet';
import { runJob } from './jobs';
import { mergePicked } from './pickedFiles';
import { useStudio } from './store';
import { dataWorker, inferenceWorker } from './workers';

export function backendPreferenceFromUrl(search: string): BackendPreference {
  const value = new URLSearchParams(search).get('backend');
  return value === 'webgpu' || value === 'wasm' ? value : 'auto';
}

export async function openBackend(preference: BackendPreference): Promise<void> {
  const { value, error } = await runJob('Checking the compute backend', (onProgress) =>
    inferenceWorker.run('openBackend', { preference }, onProgress),
  );
  useStudio.getState().setBackend(value, value ? undefined : (error ?? 'the backend check was cancelled'));
}

export async function loadDemo(options: DemoOptions): Promise<void> {
  const { value: view } = await runJob(
    `Building the demo subject (${options.imageCount} images)`,
    (onProgress) => dataWorker.run('loadDemo', options, onProgress),
  );
  if (view) useStudio.getState().setSubject(view);
}

export async function fetchStimuli(indices: number[]) {
  return dataWorker.run('stimuli', { indices }).promise;
}

export function saveAs(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function downloadBundle(): Promise<void> {
  const stored = useStudio.getState().subject?.storedAs;
  if (stored) return downloadStored('bundles', stored);
  const { value: file } = await runJob('Writing the subject bundle (HDF5)', (onProgress) =>
    dataWorker.run('exportBundle', undefined, onProgress),
  );
  if (file) saveAs(new Blob([file.bytes as BlobPart], { type: 'application/x-hdf5' }), file.name);
}

/** Download a file kept in OPFS (`folder`: 'bundles' or 'encoders', see workers/fileStore.ts). */
export async function downloadStored(folder: string, name: string): Promise<void> {
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
  saveAs(await (await dir.getFileHandle(name)).getFile(), name);
}

export async function refreshStored(): Promise<void> {
  useStudio.getState().setStored(await dataWorker.run('listBundles', undefined).promise);
}

export async function deleteStored(name: string): Promise<void> {
  await dataWorker.run('deleteBundle', { name }).promise;
  await refreshStored();
}

/** Add files (dropped or picked) and describe the whole set; bundles among them are opened directly. */
export async function addFiles(added: PickedFile[]): Promise<void> {
  if (added.length === 0) return;
  const picked = mergePicked(useStudio.getState().picked, added);
  const { value: inventory } = await runJob(`Inspecting ${picked.length} files`, (onProgress) =>
    dataWorker.run('inspectFiles', { files: picked }, onProgress),
  );
  useStudio.getState().setPicked(picked, inventory);
  const bundles = inventory?.files.filter((f) => f.kind === 'bundle' && !f.problem) ?? [];
  for (const report of bundles) {
    const file = picked.find((p) => p.path === report.path)!.file;
    await openBundle({ file }, `Opening ${file.name}`);
  }
}

async function openBundle(args: { file?: File; stored?: string }, title: string): Promise<void> {
  const { value } = await runJob(title, (onProgress) => dataWorker.run('openBundle', args, onProgress));
  if (value) useStudio.getState().setSubject(value);
  await refreshStored();
}

export const openStored = (name: string) => openBundle({ stored: name }, `Opening ${name}`);

export async function buildBundle(request: DistributiveOmit<BuildRequest, 'files'>): Promise<void> {
  const { options } = request;
  const what =
    request.layout === 'algonauts'
      ? `subj${String(options.subject).padStart(2, '0')} Algonauts`
      : `subj${String(options.subject).padStart(2, '0')} ${request.options.space}${request.options.hemi ? ` ${request.options.hemi}` : ''}`;
  const files = useStudio.getState().picked;
  const { value } = await runJob(`Building the ${what} bundle`, (onProgress) =>
    dataWorker.run('buildBundle', { ...request, files }, onProgress),
  );
  if (!value) return;
  useStudio.getState().setSubject(value.view);
  for (const warning of value.warnings) useStudio.getState().notify('info', `${what}: ${warning}`);
  await refreshStored();
}

/**
 * Read surface and map files (dropped or picked in the Brain panel) into the loaded set; each file
 * that cannot be read or does not fit the surfaces gets a notice naming it.
 */
export async function addSurfaceFiles(files: PickedFile[]): Promise<void> {
  if (files.length === 0) return;
  const { value, error } = await runJob(`Reading ${files.length} files for the Brain panel`, (onProgress) =>
    dataWorker.run('readSurfaceFiles', { files }, onProgress),
  );
  if (!value) return void (error && useStudio.getState().notify('error', error));
  const { loadedSurfaces, subject, setLoadedSurfaces, notify } = useStudio.getState();
  const added = addToSurfaceSet(loadedSurfaces, value.items, vertexCounts(subject?.hemispheres ?? []));
  setLoadedSurfaces(added.set);
  for (const problem of [...value.problems, ...added.problems]) notify('error', problem);
}

/** Raw outputs of the given taps on one input, on the active backend (for the bench and conformance tests). */
export async function runTaps(args: {
  model: Uint8Array;
  taps: string[];
  input: Float32Array;
  dims: number[];
}) {
  return inferenceWorker.run('runTaps', args).promise;
}

/** Input gradient through a model on the active backend (for the bench and conformance tests). */
export async function inputGradient(args: {
  model: Uint8Array;
  input: Float32Array;
  dims: number[];
  terms: { output: string; cotangent: Float32Array }[];
}) {
  return inferenceWorker.run('inputGradient', args).promise;
}

/** Forward and VJP timings of a model on the active backend (for the bench). */
export async function timeGradient(args: {
  model: Uint8Array;
  output: string;
  dims: number[];
  runs: number;
}) {
  return inferenceWorker.run('timeGradient', args).promise;
}

/** Milliseconds for the smallest real job to go to the data worker and back (for `npm run bench`). */
export async function measureRoundTrip(): Promise<number> {
  const start = performance.now();
  await dataWorker.run('stimuli', { indices: [] }).promise;
  return performance.now() - start;
}
