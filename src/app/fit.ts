/**
 * Fit actions: fit an encoder on the extracted features and the current subject (each copied out of its
 * worker, then moved, not copied, to the fitting worker), and open, list, delete, download and export the
 * encoders kept in this browser.
 */
import type { FitRequest } from '../../workers/fitting.worker';
import type { ExtractionSummary } from '../../workers/inference.worker';
import { transferables } from '../core/jobs/transferables';
import { downloadStored, saveAs } from './actions';
import { runJob } from './jobs';
import { useStudio, type FitSettings, type FitState } from './store';
import { dataWorker, fittingWorker, inferenceWorker } from './workers';

const setFit = (patch: Partial<FitState>) => useStudio.getState().setFit(patch);
const notify = (text: string) => useStudio.getState().notify('error', text);

/** The extracted layers that will be fitted, in extraction order. */
export function chosenLayers(extraction: ExtractionSummary | undefined, settings: FitSettings): string[] {
  return (extraction?.layers ?? []).map((l) => l.name).filter((name) => !settings.skipped.includes(name));
}

/** Per-layer fits: as chosen, else when two or more layers are fitted; never with one layer. */
export const perLayerFits = (settings: FitSettings, layers: number) =>
  layers > 1 && (settings.perLayer ?? true);

export function setFitSettings(patch: Partial<FitSettings>): void {
  setFit({ settings: { ...useStudio.getState().fit.settings, ...patch } });
}

export function toggleFitLayer(name: string): void {
  const { skipped } = useStudio.getState().fit.settings;
  setFitSettings({
    skipped: skipped.includes(name) ? skipped.filter((n) => n !== name) : [...skipped, name],
  });
}

export async function refreshEncoders(): Promise<void> {
  setFit({ stored: await fittingWorker.run('listEncoders', undefined).promise });
}

/** The features and subject a fit reads, checked to belong to the same images. */
async function fitInputs(): Promise<Pick<FitRequest, 'features' | 'subject'>> {
  const [features, current] = await Promise.all([
    inferenceWorker.run('featureSet', undefined).promise,
    dataWorker.run('fitSubject', undefined).promise,
  ]);
  if (features.images !== current.images)
    throw new Error(
      `the extracted features are for other images than ${current.subject.subject}'s: extract features in the Backbone panel again`,
    );
  return { features: features.set, subject: current.subject };
}

export async function fit(): Promise<void> {
  const { backbone, fit } = useStudio.getState();
  const layers = chosenLayers(backbone.extraction, fit.settings);
  const { cv, control } = fit.settings;
  let inputs;
  try {
    inputs = await fitInputs();
  } catch (error) {
    notify(`Fit: ${(error as Error).message}`);
    return;
  }
  const request: FitRequest = {
    ...inputs,
    options: {
      layers,
      cv,
      perLayer: perLayerFits(fit.settings, layers.length),
      control,
      appVersion: __APP_VERSION__,
    },
  };
  const rule = cv === 'gcv' ? 'GCV' : '5-fold CV';
  const { value, error } = await runJob(
    `Fitting an encoder on ${layers.length} ${layers.length === 1 ? 'layer' : 'layers'} (α by ${rule})`,
    (onProgress) => fittingWorker.run('fit', request, onProgress, transferables(request)),
  );
  if (error) notify(`Fit: ${error}`);
  if (!value) return;
  setFit({ open: value });
  await refreshEncoders();
}

/** An encoder file dropped or picked: read, kept in this browser, opened. */
export async function openEncoderFiles(files: File[]): Promise<void> {
  for (const file of files) {
    const { value, error } = await runJob(`Opening ${file.name}`, (onProgress) =>
      fittingWorker.run('openEncoder', { file }, onProgress),
    );
    if (error) notify(error);
    if (value) setFit({ open: value });
  }
  await refreshEncoders();
}

export async function openStoredEncoder(id: string): Promise<void> {
  const { value, error } = await runJob(`Opening ${id}`, (onProgress) =>
    fittingWorker.run('openStoredEncoder', { id }, onProgress),
  );
  if (error) notify(error);
  if (value) setFit({ open: value });
}

export async function deleteEncoder(id: string): Promise<void> {
  await fittingWorker.run('deleteEncoder', { id }).promise;
  if (useStudio.getState().fit.open?.id === id) setFit({ open: undefined });
  await refreshEncoders();
}

export const downloadEncoder = (id: string) => downloadStored('encoders', id);

export async function exportOnnx(id: string): Promise<void> {
  const { value, error } = await runJob(`Exporting ${id} as ONNX`, (onProgress) =>
    fittingWorker.run('exportOnnx', { id }, onProgress),
  );
  if (error) notify(`Export ONNX: ${error}`);
  if (value) saveAs(new Blob([value.bytes as BlobPart], { type: 'application/octet-stream' }), value.name);
}
