/** The Fit panel's charts: the distribution of test r over units, and median r per ROI label. */
import { histogram, type RoiSummary } from '../../core/fit/metrics';
import type { RoiBestLayer } from '../../core/fit/summary';
import { columnBars, domainWithZero, linearScale, spanFromZero } from './charts';

const BINS = 40;
const AXIS = '#9aa1b1';
const BAR = '#5aa9ff';

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** Units per r bin over [-1, 1], with the median marked. */
export function RHistogram({ r, median }: { r: Float32Array; median: number }) {
  const [width, height] = [420, 150];
  const m = { left: 44, right: 10, top: 16, bottom: 34 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const counts = histogram(r, BINS);
  const x = linearScale(-1, 1, 0, plotW);
  const largest = Math.max(...counts);
  return (
    <svg role="img" aria-label="r histogram" width={width} height={height} className="chart">
      <title>{`Test r of ${r.length} units in ${BINS} bins over [-1, 1]; median ${fixed(median, 3)}`}</title>
      <g transform={`translate(${m.left},${m.top})`}>
        {columnBars(counts, plotW, plotH).map((b, i) => (
          <rect key={i} x={b.x + 0.5} y={b.y} width={Math.max(0, b.width - 1)} height={b.height} fill={BAR} />
        ))}
        <line x1={0} x2={plotW} y1={plotH} y2={plotH} stroke={AXIS} />
        <line x1={0} x2={0} y1={0} y2={plotH} stroke={AXIS} />
        {[-1, -0.5, 0, 0.5, 1].map((t) => (
          <text key={t} x={x(t)} y={plotH + 14} textAnchor="middle" fontSize={11} fill={AXIS}>
            {t}
          </text>
        ))}
        <text x={-6} y={4} textAnchor="end" fontSize={11} fill={AXIS}>
          {largest}
        </text>
        <text x={-6} y={plotH} textAnchor="end" fontSize={11} fill={AXIS}>
          0
        </text>
        {Number.isFinite(median) && (
          <g>
            <line x1={x(median)} x2={x(median)} y1={-4} y2={plotH} stroke="#ffb454" strokeDasharray="3 2" />
            <text x={x(median) + 4} y={4} fontSize={11} fill="#ffb454">
              median {fixed(median, 2)}
            </text>
          </g>
        )}
        <text x={plotW / 2} y={plotH + 30} textAnchor="middle" fontSize={11} fill={AXIS}>
          test r
        </text>
        <text
          transform={`translate(${-32},${plotH / 2}) rotate(-90)`}
          textAnchor="middle"
          fontSize={11}
          fill={AXIS}
        >
          units
        </text>
      </g>
    </svg>
  );
}

/**
 * One bar per ROI label (grouped by ROI set): median r, with the median accuracy as % of the noise ceiling
 * and, when known, the layer most of its units prefer.
 */
export function RoiBars({ rois, best = [] }: { rois: RoiSummary[]; best?: RoiBestLayer[] }) {
  const sets = [...new Set(rois.map((r) => r.set))];
  const rows = sets.flatMap((set) => [
    ...(sets.length > 1 ? [{ heading: set }] : []),
    ...rois.filter((r) => r.set === set).map((roi) => ({ roi })),
  ]);
  const row = 20;
  const m = { left: 86, right: best.length ? 240 : 110, top: 8, bottom: 32 };
  const plotW = 260;
  const width = m.left + plotW + m.right;
  const height = m.top + rows.length * row + m.bottom;
  const [lo, hi] = domainWithZero(
    rois.map((r) => r.medianR),
    0.1,
  );
  const x = linearScale(lo, hi, 0, plotW);
  const plotH = rows.length * row;
  return (
    <svg role="img" aria-label="median r per ROI" width={width} height={height} className="chart">
      <title>
        Median test r per ROI label, with the median accuracy as a percentage of the noise ceiling
      </title>
      <g transform={`translate(${m.left},${m.top})`}>
        {rows.map((item, i) => {
          const y = i * row;
          if ('heading' in item)
            return (
              <text key={`set:${item.heading}`} x={-m.left + 4} y={y + 14} fontSize={11} fill={AXIS}>
                {item.heading}
              </text>
            );
          const { roi } = item;
          const preferred = best.find((b) => b.set === roi.set && b.label === roi.label);
          const bar = spanFromZero(roi.medianR, x);
          const end = Math.max(x(0), x(Number.isFinite(roi.medianR) ? roi.medianR : 0));
          return (
            <g key={`${roi.set}:${roi.label}`} data-roi={roi.label}>
              <text x={-6} y={y + 14} textAnchor="end" fontSize={12} fill="currentColor">
                {roi.label}
              </text>
              <rect x={bar.x} y={y + 3} width={bar.width} height={row - 6} fill={BAR} />
              <text x={end + 4} y={y + 14} fontSize={11} fill="currentColor">
                {`${fixed(roi.medianR, 2)} · ${fixed(roi.medianNcNormalized, 0)} %` +
                  (preferred ? ` · ${preferred.layer} (${Math.round(100 * preferred.share)} %)` : '')}
              </text>
            </g>
          );
        })}
        <line x1={x(0)} x2={x(0)} y1={0} y2={plotH} stroke={AXIS} />
        <line x1={0} x2={plotW} y1={plotH} y2={plotH} stroke={AXIS} />
        {[lo, 0, hi]
          .filter((t, i, all) => all.indexOf(t) === i)
          .map((t) => (
            <text key={t} x={x(t)} y={plotH + 14} textAnchor="middle" fontSize={11} fill={AXIS}>
              {Number(t.toFixed(2))}
            </text>
          ))}
        <text x={plotW / 2} y={plotH + 28} textAnchor="middle" fontSize={11} fill={AXIS}>
          {`median test r · median % of noise ceiling${best.length ? ' · best layer of most units' : ''}`}
        </text>
      </g>
    </svg>
  );
}
