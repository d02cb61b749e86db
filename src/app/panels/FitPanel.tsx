import { useEffect } from 'react';
import { chosenLayers, fit, perLayerFits, refreshEncoders, setFitSettings, toggleFitLayer } from '../fit';
import { useStudio } from '../store';
import { FitResults } from './FitResults';
import { StoredEncoders } from './StoredEncoders';

/** Why the Fit button is disabled, or undefined when a fit can start. */
function useBlocker(layers: string[]): string | undefined {
  const subject = useStudio((s) => s.subject);
  const extraction = useStudio((s) => s.backbone.extraction);
  const running = useStudio((s) =>
    s.jobs.some((j) => j.state === 'running' && j.title.startsWith('Fitting')),
  );
  if (!subject) return 'load a subject in the Data panel first';
  if (!extraction) return 'extract features in the Backbone panel first';
  if (layers.length === 0) return 'tick at least one layer';
  if (running) return 'a fit is running';
  return undefined;
}

function FitForm() {
  const extraction = useStudio((s) => s.backbone.extraction);
  const settings = useStudio((s) => s.fit.settings);
  const layers = chosenLayers(extraction, settings);
  const blocker = useBlocker(layers);
  return (
    <section>
      <h3>Readout</h3>
      {extraction && (
        <fieldset className="row">
          <legend>
            Layers ({extraction.model}, {extraction.images} images)
          </legend>
          {extraction.layers.map((l) => (
            <label key={l.name}>
              <input
                type="checkbox"
                checked={!settings.skipped.includes(l.name)}
                onChange={() => toggleFitLayer(l.name)}
                aria-label={`Fit ${l.name}`}
              />{' '}
              <code>{l.name}</code> <span className="muted">({l.dim.toLocaleString()} features)</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="row">
        <label>
          α per unit by{' '}
          <select
            value={settings.cv}
            onChange={(e) => setFitSettings({ cv: e.target.value === 'kfold' ? 'kfold' : 'gcv' })}
          >
            <option value="gcv">generalised cross-validation (GCV)</option>
            <option value="kfold">5-fold cross-validation</option>
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={perLayerFits(settings, layers.length)}
            disabled={layers.length < 2}
            onChange={(e) => setFitSettings({ perLayer: e.target.checked })}
          />{' '}
          Per-layer fits (best layer per unit)
        </label>
        <label>
          <input
            type="checkbox"
            checked={settings.control}
            onChange={(e) => setFitSettings({ control: e.target.checked })}
          />{' '}
          Shuffled-image control
        </label>
      </div>
      <div className="row">
        <button onClick={() => void fit()} disabled={blocker !== undefined}>
          Fit encoder
        </button>
        {blocker && (
          <span className="muted" data-testid="fit-blocker">
            To fit, {blocker}.
          </span>
        )}
      </div>
      <p className="muted">
        One ridge readout per unit on the ticked layers' features (concatenated), scored by Pearson r on the
        held-out test images. Per-layer fits fit each layer alone too; the shuffled-image control refits with
        the training responses permuted across images, the chance level.
      </p>
    </section>
  );
}

export function FitPanel() {
  useEffect(() => {
    refreshEncoders().catch((error: Error) =>
      useStudio.getState().notify('error', `Stored encoders: ${error.message}`),
    );
  }, []);
  return (
    <section>
      <h2>Fit</h2>
      <FitForm />
      <FitResults />
      <StoredEncoders />
    </section>
  );
}
