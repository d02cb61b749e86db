/** Key for the surface overlay: a colour bar with its range for scalars, a legend for labels. */

import type { CSSProperties } from 'react';
import { categoricalColor, colormapGradientCSS, rgbCSS } from './colormaps';
import { scalarRange } from './scale';
import type { Overlay } from './types';

export interface ColorbarProps {
  overlay: Overlay;
  /** Shown under a scalar bar, e.g. "r" or "% variance". */
  unit?: string;
  className?: string;
  style?: CSSProperties;
}

const styles = {
  root: { font: '12px system-ui, sans-serif', color: 'inherit' },
  bar: { position: 'relative', height: 12, borderRadius: 2 },
  hidden: {
    position: 'absolute',
    top: 0,
    bottom: 0,
    // Curvature gray, hatched: values in this band are not painted.
    background: 'repeating-linear-gradient(45deg, #9a9a9a 0 3px, #bdbdbd 3px 6px)',
  },
  ticks: { display: 'flex', justifyContent: 'space-between', marginTop: 2 },
  unit: { textAlign: 'center', opacity: 0.8 },
  legend: { listStyle: 'none', margin: 0, padding: 0, maxHeight: 240, overflowY: 'auto' },
  item: { display: 'flex', alignItems: 'center', gap: 6, lineHeight: '18px' },
  swatch: { width: 12, height: 12, borderRadius: 2, flex: 'none' },
} satisfies Record<string, CSSProperties>;

/** Three significant digits, without trailing zeros or exponent noise for everyday ranges. */
function formatValue(v: number): string {
  return String(Number(v.toPrecision(3)));
}

export function Colorbar({ overlay, unit, className, style }: ColorbarProps) {
  if (overlay.kind === 'categorical') {
    return (
      <ul className={className} style={{ ...styles.root, ...styles.legend, ...style }}>
        {overlay.labelNames.map((name, i) => (
          <li key={`${i}:${name}`} style={styles.item}>
            <span style={{ ...styles.swatch, background: rgbCSS(categoricalColor(i)) }} />
            {name}
          </li>
        ))}
      </ul>
    );
  }
  const { colormap, threshold = 0 } = overlay;
  const [vmin, vmax] = scalarRange(overlay);
  // The band |v| < threshold shows curvature on the surface; mark where it falls on the bar.
  const span = vmax - vmin;
  const from = span > 0 ? Math.max(0, (-threshold - vmin) / span) : 0;
  const to = span > 0 ? Math.min(1, (threshold - vmin) / span) : 0;
  return (
    <div className={className} style={{ ...styles.root, ...style }}>
      <div style={{ ...styles.bar, background: colormapGradientCSS(colormap) }}>
        {threshold > 0 && to > from && (
          <div
            title={`|value| < ${formatValue(threshold)} not shown`}
            style={{ ...styles.hidden, left: `${from * 100}%`, width: `${(to - from) * 100}%` }}
          />
        )}
      </div>
      <div style={styles.ticks}>
        <span>{formatValue(vmin)}</span>
        {threshold > 0 && <span style={styles.unit}>|v| ≥ {formatValue(threshold)}</span>}
        <span>{formatValue(vmax)}</span>
      </div>
      {unit && <div style={styles.unit}>{unit}</div>}
    </div>
  );
}
