/** Dreams: optimise images that the open encoder predicts drive an ROI, with sliders, live previews and saving. */
import type { FitView } from '../../../workers/fitting.worker';
import type { EncoderSummary } from '../../core/fit/summary';
import {
  continueBlocker,
  roiChoices,
  runDream,
  saveDreamPng,
  saveDreamSettings,
  setDreamControls,
  stopDream,
  targetRoi,
} from '../dreams';
import { useStudio, type DreamControls } from '../store';
import { DreamPreview } from './DreamPreview';

interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
  onChange(value: number): void;
}

function Slider({ label, value, min, max, step, disabled, onChange }: SliderProps) {
  return (
    <label>
      {label}{' '}
      <input
        type="range"
        aria-label={label}
        value={value}
        min={min}
        max={max}
        step={step}
        disabled={disabled}
        onChange={(e) => onChange(Number(e.target.value))}
      />{' '}
      <output>{value}</output>
    </label>
  );
}

const set =
  <K extends keyof DreamControls>(key: K) =>
  (value: DreamControls[K]) =>
    setDreamControls({ [key]: value });

function ObjectiveForm({ encoder, controls }: { encoder: EncoderSummary; controls: DreamControls }) {
  const labels = roiChoices(encoder);
  return (
    <fieldset className="row">
      <legend>Objective</legend>
      <label>
        Maximise{' '}
        <select
          aria-label="Target ROI"
          value={targetRoi(controls, encoder)}
          onChange={(e) => setDreamControls({ roi: e.target.value })}
        >
          {labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <label>
        minus{' '}
        <select
          aria-label="Subtract ROI"
          value={controls.subtract ?? ''}
          onChange={(e) => setDreamControls({ subtract: e.target.value || undefined })}
        >
          <option value="">nothing</option>
          {labels.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <Slider
        label="Subtract weight"
        value={controls.subtractWeight}
        min={0}
        max={2}
        step={0.1}
        disabled={!controls.subtract}
        onChange={set('subtractWeight')}
      />
    </fieldset>
  );
}

function OptimiserForm({ controls, inputSize }: { controls: DreamControls; inputSize: number }) {
  return (
    <fieldset className="row">
      <legend>Optimiser</legend>
      <Slider label="Steps" value={controls.steps} min={8} max={512} step={8} onChange={set('steps')} />
      <Slider
        label="Learning rate"
        value={controls.learningRate}
        min={0.005}
        max={0.2}
        step={0.005}
        onChange={set('learningRate')}
      />
      <Slider
        label="Transform strength"
        value={controls.transforms}
        min={0}
        max={2}
        step={0.1}
        onChange={set('transforms')}
      />
      <Slider label="TV weight" value={controls.tv} min={0} max={10} step={0.1} onChange={set('tv')} />
      <Slider
        label="Image size"
        value={controls.size}
        min={32}
        max={inputSize}
        step={16}
        onChange={set('size')}
      />
      <Slider label="Batch" value={controls.batch} min={1} max={8} step={1} onChange={set('batch')} />
      <Slider
        label="Diversity"
        value={controls.diversity}
        min={0}
        max={5}
        step={0.1}
        disabled={controls.batch < 2}
        onChange={set('diversity')}
      />
      <label>
        Seed{' '}
        <input
          type="number"
          aria-label="Seed"
          value={controls.seed}
          min={0}
          step={1}
          onChange={(e) => setDreamControls({ seed: Math.max(0, Math.round(Number(e.target.value) || 0)) })}
        />
      </label>
    </fieldset>
  );
}

function Dreams({ encoder }: { encoder: FitView }) {
  const dreams = useStudio((s) => s.dreams);
  const { controls, frame, madeWith, job } = dreams;
  const blocker = continueBlocker(dreams, encoder.id);
  const roi = targetRoi(controls, encoder);
  return (
    <>
      <p className="muted">
        Images that {encoder.subject}'s encoder ({encoder.model.name}) predicts drive a region: Fourier
        parameterisation with decorrelated colour, random transforms each step and Adam, as lucent. Images
        smaller than the backbone's {encoder.inputSize} px input are upsampled onto it.
      </p>
      <ObjectiveForm encoder={encoder} controls={controls} />
      <OptimiserForm controls={controls} inputSize={encoder.inputSize} />
      <div className="row">
        <button onClick={() => void runDream('restart')} disabled={job !== undefined}>
          {frame ? 'Restart' : 'Run'}
        </button>
        <button
          onClick={() => void runDream('continue')}
          disabled={job !== undefined || blocker !== undefined}
          title={blocker && `Cannot continue: ${blocker}`}
        >
          Continue
        </button>
        <button onClick={stopDream} disabled={job === undefined}>
          Stop
        </button>
        <button onClick={() => void saveDreamPng()} disabled={!frame}>
          Save PNG
        </button>
        <button onClick={saveDreamSettings}>Save settings</button>
        {frame && blocker && <span className="muted">To continue, {blocker}.</span>}
      </div>
      {frame && madeWith && roi && <DreamPreview frame={frame} size={madeWith.size} roi={roi} />}
    </>
  );
}

export function DreamsPanel() {
  const encoder = useStudio((s) => s.fit.open);
  return (
    <section>
      <h2>Dreams</h2>
      {encoder ? (
        <Dreams encoder={encoder} />
      ) : (
        <p className="muted" data-testid="dreams-blocker">
          To dream, fit or open an encoder in the Fit panel.
        </p>
      )}
    </section>
  );
}
