/** What the UI can ask for: each action starts worker jobs and puts their results in the store. */
import type { BackendPreference } from '../core/compute/backend';
import type { DemoOptions } from '../core/demo';
import { runJob } from './jobs';
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

export async function downloadBundle(): Promise<void> {
  const { value: file } = await runJob('Writing the subject bundle (HDF5)', (onProgress) =>
    dataWorker.run('exportBundle', undefined, onProgress),
  );
  if (!file) return;
  const url = URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: 'application/x-hdf5' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: file.name });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Milliseconds for the smallest real job to go to the data worker and back (for `npm run bench`). */
export async function measureRoundTrip(): Promise<number> {
  const start = performance.now();
  await dataWorker.run('stimuli', { indices: [] }).promise;
  return performance.now() - start;
}
