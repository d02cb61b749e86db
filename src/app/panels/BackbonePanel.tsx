import { useEffect } from 'react';
import { clearFeatureCache, extractFeatures, openDefaultModel, setReduction } from '../backbone';
import { megabytes } from '../format';
import { useStudio } from '../store';
import { LayerList } from './LayerList';
import { ModelPicker } from './ModelPicker';
import { PreprocessingForm } from './PreprocessingForm';

function ReductionForm() {
  const r = useStudio((s) => s.backbone.reduction);
  const num = (value: string) => Number(value);
  return (
    <section>
      <h3>Reduction</h3>
      <div className="row" data-testid="reduction">
        <label>
          Channels kept (%){' '}
          <input
            type="number"
            min={1}
            max={100}
            value={r.percent}
            onChange={(e) => setReduction({ percent: num(e.target.value) })}
          />
        </label>
        <label>
          Pooling{' '}
          <select value={r.pool} onChange={(e) => setReduction({ pool: num(e.target.value) })}>
            {[1, 2, 3, 4, 6, 8].map((k) => (
              <option key={k} value={k}>
                {k === 1 ? 'global average' : `${k} × ${k} grid`}
              </option>
            ))}
          </select>
        </label>
        <label>
          PCA components (0 = off){' '}
          <input
            type="number"
            min={0}
            value={r.pca}
            onChange={(e) => setReduction({ pca: num(e.target.value) })}
          />
        </label>
        <label>
          Batch{' '}
          <input
            type="number"
            min={1}
            max={256}
            value={r.batchSize}
            onChange={(e) => setReduction({ batchSize: num(e.target.value) })}
          />
        </label>
      </div>
      <p className="muted">
        Channels are ranked by the spread of their spatial means over the training images (as BOLDreams does);
        PCA is fitted on the training images too.
      </p>
    </section>
  );
}

function Extraction() {
  const { open, taps, extraction: x, cache } = useStudio((s) => s.backbone);
  const subject = useStudio((s) => s.subject?.summary);
  const running = useStudio((s) =>
    s.jobs.some((j) => j.state === 'running' && j.title.startsWith('Extracting')),
  );
  return (
    <section>
      <h3>Features</h3>
      <div className="row">
        <button
          onClick={() => void extractFeatures()}
          disabled={!open || !subject || taps.length === 0 || running}
        >
          Extract features
        </button>
        <span className="muted" data-testid="feature-cache">
          Cache:{' '}
          {cache
            ? `${cache.entries} ${cache.entries === 1 ? 'entry' : 'entries'}, ${megabytes(cache.bytes)}`
            : '…'}
        </span>
        <button onClick={() => void clearFeatureCache()} disabled={running}>
          Clear cache
        </button>
      </div>
      {x && (
        <div data-testid="extraction">
          <p>
            {x.cachedImages === x.images
              ? `All ${x.images} images came from the cache.`
              : `${x.images - x.cachedImages} images computed on ${x.backend} at ${x.imagesPerSecond.toFixed(1)} images/s` +
                (x.cachedImages ? ` (${x.cachedImages} resumed from the cache).` : '.')}
          </p>
          <table className="facts">
            <thead>
              <tr>
                <th>layer</th>
                <th>shape</th>
                <th>channels kept</th>
                <th>pooling</th>
                <th>PCA</th>
                <th>features</th>
              </tr>
            </thead>
            <tbody>
              {x.layers.map((l) => (
                <tr key={l.name}>
                  <td>
                    <code>{l.name}</code>
                  </td>
                  <td>{l.shape}</td>
                  <td>{l.channels}</td>
                  <td>{l.pool === 1 ? 'global' : `${l.pool}×${l.pool}`}</td>
                  <td>{l.pca || '—'}</td>
                  <td>{l.dim.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function BackbonePanel() {
  useEffect(() => {
    openDefaultModel().catch((error: Error) =>
      useStudio.getState().notify('error', `Backbones: ${error.message}`),
    );
  }, []);
  const open = useStudio((s) => s.backbone.open);
  return (
    <section>
      <h2>Backbone{open ? ` · ${open.record.name}` : ''}</h2>
      <ModelPicker />
      <LayerList />
      <PreprocessingForm />
      {open && <ReductionForm />}
      {open && <Extraction />}
    </section>
  );
}
