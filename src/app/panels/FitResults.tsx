/** The open encoder: what it is, how well it predicts, per ROI and per layer, and its maps on the surface. */
import { useMemo } from 'react';
import type { FitView } from '../../../workers/fitting.worker';
import { roiBestLayers } from '../../core/fit/summary';
import { fitMismatch, type MapKey } from '../brainMaps';
import { downloadEncoder, exportOnnx } from '../fit';
import { useStudio } from '../store';
import { RHistogram, RoiBars } from './FitCharts';

const r3 = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '—');

function Summary({ fit }: { fit: FitView }) {
  const parts = [
    `${fit.v.toLocaleString()} units`,
    `${fit.d.toLocaleString()} features`,
    `median r ${r3(fit.medianR)}`,
    `median accuracy ${Number.isFinite(fit.medianNcNormalized) ? fit.medianNcNormalized.toFixed(1) : '—'} % of the noise ceiling`,
    ...(fit.controlMedianR !== undefined ? [`shuffled control median r ${r3(fit.controlMedianR)}`] : []),
  ];
  return (
    <p data-testid="fit-summary" className="fit-summary">
      {parts.join(' · ')}
    </p>
  );
}

function Recipe({ fit }: { fit: FitView }) {
  const reduction =
    `${fit.percent} % of channels, ${fit.pool === 1 ? 'global average' : `${fit.pool} × ${fit.pool} grid`}` +
    (fit.pca > 0 ? `, PCA ${fit.pca}` : '');
  return (
    <table className="facts" data-testid="fit-recipe">
      <tbody>
        <tr>
          <th>File</th>
          <td>
            <code data-testid="encoder-name">{fit.id}</code>{' '}
            <span className="muted">(kept in this browser)</span>
          </td>
        </tr>
        <tr>
          <th>Fitted on</th>
          <td>
            {fit.subject} ({fit.space}), {fit.testImages} test images
          </td>
        </tr>
        <tr>
          <th>Backbone</th>
          <td>
            {fit.model.name} at {fit.inputSize} px{' '}
            <span className="muted">({fit.model.sha256.slice(0, 12)}…)</span>
          </td>
        </tr>
        <tr>
          <th>Features</th>
          <td>
            {fit.layers.map((l) => `${l.name} (${l.dim})`).join(' + ')}; {reduction}
          </td>
        </tr>
        <tr>
          <th>α per unit</th>
          <td>{fit.cv === 'gcv' ? 'generalised cross-validation' : `${fit.folds}-fold cross-validation`}</td>
        </tr>
        <tr>
          <th>Created</th>
          <td>
            {fit.created} <span className="muted">(boldstudio {fit.appVersion})</span>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function LayerTable({ fit }: { fit: FitView }) {
  const perLayer = fit.layers.some((l) => l.r);
  return (
    <table className="files" aria-label="per-layer accuracy" data-testid="fit-layers">
      <thead>
        <tr>
          <th>layer</th>
          <th>features</th>
          <th>median r alone</th>
          <th>best layer of</th>
        </tr>
      </thead>
      <tbody>
        {fit.layers.map((l) => (
          <tr key={l.name}>
            <td>
              <code>{l.name}</code>
            </td>
            <td>{l.dim.toLocaleString()}</td>
            <td>{r3(l.medianR)}</td>
            <td>{l.bestShare !== undefined ? `${(100 * l.bestShare).toFixed(1)} % of units` : '—'}</td>
          </tr>
        ))}
      </tbody>
      {!perLayer && (
        <caption className="muted">
          Layers were not fitted alone (tick per-layer fits to compare them).
        </caption>
      )}
    </table>
  );
}

function MapButtons({ fit }: { fit: FitView }) {
  const showMap = useStudio((s) => s.showMap);
  const maps: [MapKey, string][] = [
    ['fit:r', 'accuracy (r)'],
    ['fit:nc', 'accuracy (% of noise ceiling)'],
    ...(fit.bestLayer ? [['fit:best', 'best layer'] as [MapKey, string]] : []),
    ...fit.layers.flatMap((l, i): [MapKey, string][] => (l.r ? [[`fit:layer:${i}`, `r of ${l.name}`]] : [])),
  ];
  return (
    <div className="row" role="group" aria-label="Show on the surface">
      <span>Show on the surface:</span>
      {maps.map(([key, label]) => (
        <button key={key} onClick={() => showMap(key)}>
          {label}
        </button>
      ))}
    </div>
  );
}

export function FitResults() {
  const fit = useStudio((s) => s.fit.open);
  const subject = useStudio((s) => s.subject);
  const exporting = useStudio((s) =>
    s.jobs.some((j) => j.state === 'running' && j.title.startsWith('Exporting')),
  );
  const mismatch = subject && fit && fitMismatch(subject, fit);
  // ROI membership comes from the subject, so only when the encoder was fitted on it.
  const best = useMemo(
    () =>
      subject && fit?.bestLayer && !mismatch
        ? roiBestLayers(
            fit.bestLayer,
            fit.layers.map((l) => l.name),
            subject.rois,
          )
        : undefined,
    [subject, fit, mismatch],
  );
  if (!fit) return null;
  return (
    <section data-testid="fit-results">
      <h3>Encoder</h3>
      <Summary fit={fit} />
      <Recipe fit={fit} />
      <div className="row">
        <button onClick={() => void downloadEncoder(fit.id)}>Download encoder (.h5)</button>
        <button onClick={() => void exportOnnx(fit.id)} disabled={exporting}>
          Export ONNX
        </button>
      </div>
      <div className="charts">
        <RHistogram r={fit.r} median={fit.medianR} />
        {fit.rois.length > 0 && <RoiBars rois={fit.rois} best={best} />}
      </div>
      <LayerTable fit={fit} />
      {mismatch ? <p className="muted">{mismatch}</p> : <MapButtons fit={fit} />}
    </section>
  );
}
