/**
 * Dream actions: run the optimiser on the open encoder in the fitting worker (previews arrive over a
 * MessageChannel while the job runs), stop it, continue from the current image with changed sliders, and
 * save the image and the settings.
 */
import type { DreamView } from '../../workers/fitting.worker';
import { DREAM_DEFAULTS, type DreamSettings } from '../core/dream/dream';
import { imageGrid } from '../core/dream/images';
import type { ObjectiveTerm } from '../core/dream/objective';
import type { EncoderSummary } from '../core/fit/summary';
import { encodeRgbPng } from '../core/formats/pngWrite';
import { saveAs } from './actions';
import { cancelJob, runJob } from './jobs';
import { useStudio, type DreamControls, type DreamsState } from './store';
import { fittingWorker } from './workers';

const get = () => useStudio.getState().dreams;
const setDreams = (patch: Partial<DreamsState>) => useStudio.getState().setDreams(patch);

/** A preview every this many steps: often enough to watch, rarely enough not to slow the run. */
const PREVIEW_EVERY = 4;

export function setDreamControls(patch: Partial<DreamControls>): void {
  setDreams({ controls: { ...get().controls, ...patch } });
}

/** The encoder's ROI labels, each once, in set order (a label names the first set's units, as in objective.ts). */
export const roiChoices = (encoder: EncoderSummary): string[] => [
  ...new Set(encoder.rois.map((r) => r.label)),
];

/** The ROI a dream maximises: the chosen one when this encoder has it, else the encoder's first. */
export function targetRoi(controls: DreamControls, encoder: EncoderSummary): string | undefined {
  const labels = roiChoices(encoder);
  return controls.roi && labels.includes(controls.roi) ? controls.roi : labels[0];
}

export function dreamSettings(controls: DreamControls, roi: string): DreamSettings {
  const terms: ObjectiveTerm[] = [{ roi, weight: 1 }];
  if (controls.subtract && controls.subtract !== roi)
    terms.push({ roi: controls.subtract, weight: -controls.subtractWeight });
  return {
    ...DREAM_DEFAULTS,
    objective: { terms, tv: controls.tv, diversity: controls.batch > 1 ? controls.diversity : 0 },
    steps: controls.steps,
    size: controls.size,
    batch: controls.batch,
    seed: controls.seed,
    learningRate: controls.learningRate,
    transforms: controls.transforms,
    previewEvery: PREVIEW_EVERY,
  };
}

/** Why the current image cannot be continued with the current sliders, or undefined when it can. */
export function continueBlocker(dreams: DreamsState, encoder: string): string | undefined {
  const made = dreams.madeWith;
  if (!dreams.frame || !made) return 'no image yet';
  if (made.encoder !== encoder) return 'the image was made with another encoder';
  if (made.size !== dreams.controls.size || made.batch !== dreams.controls.batch)
    return `the image is ${made.batch} × ${made.size} px; set size and batch back, or restart`;
  return undefined;
}

/** Optimise from scratch, or continue from the current frame's parameters (its steps and trace go on). */
export async function runDream(mode: 'restart' | 'continue'): Promise<void> {
  const encoder = useStudio.getState().fit.open;
  if (!encoder || get().job) return;
  const { controls } = get();
  const roi = targetRoi(controls, encoder);
  if (!roi) return;
  const from = mode === 'continue' && !continueBlocker(get(), encoder.id) ? get().frame : undefined;
  const settings = dreamSettings(controls, roi);
  const madeWith = { encoder: encoder.id, size: controls.size, batch: controls.batch };
  const offset = from?.step ?? 0;
  let shown = -1;
  // Frames are numbered from this run's start; the panel counts from the last restart.
  const show = (view: DreamView) => {
    if (view.step <= shown) return;
    shown = view.step;
    const trace = view.trace.map((t) => ({ ...t, step: t.step + offset }));
    setDreams({
      frame: { ...view, step: view.step + offset, trace: [...(from?.trace ?? []), ...trace] },
      madeWith,
    });
  };
  const channel = new MessageChannel();
  channel.port1.onmessage = (event: MessageEvent<DreamView>) => show(event.data);
  const { value, error } = await runJob(
    `Dreaming ${roi}${settings.objective.terms.length > 1 ? ` − ${controls.subtract}` : ''}` +
      `${from ? `, continued from step ${offset}` : ''} (${settings.steps} steps)`,
    (onProgress) => {
      const handle = fittingWorker.run(
        'dream',
        { id: encoder.id, settings, init: from?.params, frames: channel.port2 },
        onProgress,
        [channel.port2],
      );
      setDreams({ job: handle.id });
      return handle;
    },
  );
  channel.port1.close();
  setDreams({ job: undefined });
  if (value) show(value);
  if (error) useStudio.getState().notify('error', `Dream: ${error}`);
}

export function stopDream(): void {
  const job = get().job;
  if (job) cancelJob(job);
}

/** `dream-FFA[-minus-PPA]-<steps>steps`, naming what the current image was optimised for. */
function baseName(): string {
  const encoder = useStudio.getState().fit.open;
  const { frame, controls } = get();
  const roi = (encoder && targetRoi(controls, encoder)) ?? 'roi';
  const minus = controls.subtract && controls.subtract !== roi ? `-minus-${controls.subtract}` : '';
  return `dream-${roi}${minus}-${frame?.step ?? 0}steps`;
}

export async function saveDreamPng(): Promise<void> {
  const { frame, madeWith } = get();
  if (!frame || !madeWith) return;
  const grid = imageGrid(frame.rgb, madeWith.size);
  const png = await encodeRgbPng(grid.width, grid.height, grid.rgb);
  saveAs(new Blob([png as BlobPart], { type: 'image/png' }), `${baseName()}.png`);
}

export function saveDreamSettings(): void {
  const encoder = useStudio.getState().fit.open;
  const { frame, controls } = get();
  if (!encoder) return;
  const roi = targetRoi(controls, encoder);
  const report = {
    encoder: encoder.id,
    model: encoder.model.name,
    settings: roi && dreamSettings(controls, roi),
    steps: frame?.step,
    response: frame?.response,
    trace: frame?.trace,
  };
  saveAs(
    new Blob([JSON.stringify(report, null, 2) + '\n'], { type: 'application/json' }),
    `${baseName()}.json`,
  );
}
