import { useState } from 'react';
import { toggleTap } from '../backbone';
import { useStudio } from '../store';

/** Whether dreams and saliency can use this model: the gradient check done when it was opened. */
function GradientNote() {
  const g = useStudio((s) => s.backbone.open?.table.gradients);
  if (!g) return null;
  if (!g.ok)
    return (
      <p className="error" data-testid="gradients">
        Input gradients (dreams, saliency): unavailable — {g.reason}
      </p>
    );
  return (
    <p className="muted" data-testid="gradients">
      Input gradients (dreams, saliency): ready, {g.backwardNodes} nodes;{' '}
      {g.fallbacks.length === 0
        ? 'all run on WebGPU.'
        : `${g.fallbacks.length} would run on the CPU under WebGPU (${[...new Set(g.fallbacks.map((f) => f.op))].join(', ')}).`}
    </p>
  );
}

/** The open model's layers: search by name or op, tick the ones to tap. */
export function LayerList() {
  const table = useStudio((s) => s.backbone.open?.table);
  const taps = useStudio((s) => s.backbone.taps);
  const [query, setQuery] = useState('');
  if (!table) return null;
  const q = query.trim().toLowerCase();
  const shown = table.layers.filter(
    (l) => !q || l.name.toLowerCase().includes(q) || l.op.toLowerCase().includes(q),
  );
  return (
    <section>
      <h3>Layers</h3>
      <p className="muted">
        Input <code>{table.input.name}</code> ({table.input.shape.join(', ')}); shapes per image at{' '}
        {table.side}×{table.side}. {taps.length} of {table.layers.length} ticked.
      </p>
      <GradientNote />
      <input
        type="search"
        placeholder="Search layers (name or op)"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        aria-label="Search layers"
      />
      <div className="layer-list">
        <table className="files" data-testid="layers">
          <thead>
            <tr>
              <th />
              <th>layer</th>
              <th>op</th>
              <th>shape</th>
              <th>values</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => (
              <tr key={l.name}>
                <td>
                  <input
                    type="checkbox"
                    checked={taps.includes(l.name)}
                    onChange={() => toggleTap(l.name)}
                    aria-label={`Tap ${l.name}`}
                  />
                </td>
                <td>
                  <code>{l.name}</code>
                </td>
                <td>{l.op}</td>
                <td>{l.shape.join(' × ')}</td>
                <td>{l.size.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
