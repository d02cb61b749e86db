/**
 * Backbone actions: open or add a model, remember each model's ticked layers and reduction in
 * localStorage, and extract features for the current subject (images go straight from the data worker
 * to the inference worker over a MessageChannel).
 */
import type { LayerTable } from '../core/backbone/layerTable';
import type { Preprocessing } from '../core/backbone/preprocess';
import type { ModelRecord } from '../../workers/modelStore';
import { runJob } from './jobs';
import { DEFAULT_REDUCTION, useStudio, type ReductionSettings } from './store';
import { dataWorker, inferenceWorker } from './workers';

interface Remembered {
  taps: string[];
  reduction: ReductionSettings;
}

const memoryKey = (id: string) => `boldstudio.backbone.${id}`;

function remembered(id: string): Remembered | undefined {
  try {
    return JSON.parse(localStorage.getItem(memoryKey(id)) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

function remember(): void {
  const { open, taps, reduction } = useStudio.getState().backbone;
  if (open)
    localStorage.setItem(memoryKey(open.record.id), JSON.stringify({ taps, reduction } satisfies Remembered));
}

const set = (patch: Parameters<ReturnType<typeof useStudio.getState>['setBackbone']>[0]) =>
  useStudio.getState().setBackbone(patch);

export async function refreshModels(): Promise<void> {
  const [models, cache] = await Promise.all([
    inferenceWorker.run('listModels', undefined).promise,
    inferenceWorker.run('featureCache', undefined).promise,
  ]);
  set({ models, cache });
}

function opened(value: { record: ModelRecord; table: LayerTable }) {
  const memory = remembered(value.record.id);
  const known = new Set(value.table.layers.map((l) => l.name));
  set({
    open: value,
    taps: (memory?.taps ?? []).filter((t) => known.has(t)),
    reduction: memory?.reduction ?? DEFAULT_REDUCTION,
    extraction: undefined,
  });
}

/** The Backbone panel's first visit: list models and open the built-in one (the demo's default backbone). */
export async function openDefaultModel(): Promise<void> {
  await refreshModels();
  const { open, models } = useStudio.getState().backbone;
  const builtin = models.find((m) => m.id.startsWith('builtin:'));
  if (!open && builtin) await openModel(builtin.id, builtin.name);
}

export async function openModel(id: string, name: string): Promise<void> {
  const { value, error } = await runJob(`Opening ${name}`, (onProgress) =>
    inferenceWorker.run('openModel', { id }, onProgress),
  );
  if (value) opened(value);
  if (error) useStudio.getState().notify('error', error);
}

/** A dropped or picked .onnx file, with an optional `<name>.onnx.json` sidecar among the files. */
export async function addModelFiles(files: File[]): Promise<void> {
  const models = files.filter((f) => f.name.toLowerCase().endsWith('.onnx'));
  if (models.length === 0) {
    const names = files.map((f) => f.name).join(', ');
    useStudio.getState().notify('error', `${names}: not an ONNX model file (.onnx)`);
    return;
  }
  for (const file of models) {
    const sidecar = files.find((f) => f.name === `${file.name}.json`);
    const { value, error } = await runJob(`Checking ${file.name}`, (onProgress) =>
      inferenceWorker.run('addModel', { file, sidecar }, onProgress),
    );
    if (value) opened(value);
    if (error) useStudio.getState().notify('error', error);
  }
  await refreshModels();
}

export async function deleteModel(id: string): Promise<void> {
  await inferenceWorker.run('deleteModel', { id }).promise;
  if (useStudio.getState().backbone.open?.record.id === id)
    set({ open: undefined, taps: [], extraction: undefined });
  await refreshModels();
}

export function toggleTap(name: string): void {
  const { taps, open } = useStudio.getState().backbone;
  const order = open?.table.layers.map((l) => l.name) ?? [];
  const next = taps.includes(name) ? taps.filter((t) => t !== name) : [...taps, name];
  set({ taps: order.filter((n) => next.includes(n)) });
  remember();
}

export function setReduction(patch: Partial<ReductionSettings>): void {
  set({ reduction: { ...useStudio.getState().backbone.reduction, ...patch } });
  remember();
}

export async function savePreprocessing(preprocessing: Preprocessing): Promise<void> {
  const open = useStudio.getState().backbone.open;
  if (!open) return;
  const { value, error } = await runJob(`Saving the preprocessing of ${open.record.name}`, (onProgress) =>
    inferenceWorker.run('savePreprocessing', { id: open.record.id, preprocessing }, onProgress),
  );
  if (value) set({ open: { ...open, record: value } });
  if (error) useStudio.getState().notify('error', error);
}

export async function extractFeatures(): Promise<void> {
  const { open, taps, reduction } = useStudio.getState().backbone;
  if (!open || taps.length === 0) return;
  const channel = new MessageChannel();
  await dataWorker.run('shareStimuli', { port: channel.port1 }, undefined, [channel.port1]).promise;
  const { value } = await runJob(
    `Extracting ${open.record.name} features (${taps.length} layers)`,
    (onProgress) =>
      inferenceWorker.run(
        'extractFeatures',
        {
          modelId: open.record.id,
          taps,
          pool: reduction.pool,
          choices: { percent: reduction.percent, pca: reduction.pca },
          batchSize: reduction.batchSize,
          stimuli: channel.port2,
        },
        onProgress,
        [channel.port2],
      ),
  );
  if (value) set({ extraction: value, cache: value.cache });
}

export async function clearFeatureCache(): Promise<void> {
  set({ cache: await inferenceWorker.run('clearFeatureCache', undefined).promise });
}
