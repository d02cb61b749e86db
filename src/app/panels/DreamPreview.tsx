/** The Dreams panel's output: the current images, the step, the target's predicted response and the objective curve. */
import { useMemo } from 'react';
import type { DreamView } from '../../../workers/fitting.worker';
import type { TracePoint } from '../../core/dream/dream';
import { imageGrid } from '../../core/dream/images';
import { linearScale } from './charts';

const AXIS = '#9aa1b1';
const LINE = '#5aa9ff';

/** The frame's images as one PNG data URL (a few hundred pixels square: cheap on the UI thread). */
function gridDataUrl(frame: DreamView, size: number): string {
  const grid = imageGrid(frame.rgb, size);
  const canvas = Object.assign(document.createElement('canvas'), { width: grid.width, height: grid.height });
  const image = new ImageData(grid.width, grid.height);
  for (let p = 0; p < grid.width * grid.height; p++) {
    image.data.set(grid.rgb.subarray(p * 3, p * 3 + 3), p * 4);
    image.data[p * 4 + 3] = 255;
  }
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}

/** The objective at each step so far. */
function ObjectiveCurve({ trace }: { trace: TracePoint[] }) {
  const [width, height] = [320, 140];
  const m = { left: 48, right: 10, top: 12, bottom: 28 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const values = trace.map((t) => t.objective);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const x = linearScale(0, Math.max(1, trace.length - 1), 0, plotW);
  const y = linearScale(lo, hi > lo ? hi : lo + 1, plotH, 0);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg role="img" aria-label="objective per step" width={width} height={height} className="chart">
      <title>{`Objective over ${trace.length} steps, from ${lo.toFixed(3)} to ${hi.toFixed(3)}`}</title>
      <g transform={`translate(${m.left},${m.top})`}>
        <polyline points={points} fill="none" stroke={LINE} strokeWidth={1.5} />
        <line x1={0} x2={plotW} y1={plotH} y2={plotH} stroke={AXIS} />
        <line x1={0} x2={0} y1={0} y2={plotH} stroke={AXIS} />
        <text x={-6} y={4} textAnchor="end" fontSize={11} fill={AXIS}>
          {hi.toFixed(2)}
        </text>
        <text x={-6} y={plotH} textAnchor="end" fontSize={11} fill={AXIS}>
          {lo.toFixed(2)}
        </text>
        <text x={plotW / 2} y={plotH + 20} textAnchor="middle" fontSize={11} fill={AXIS}>
          step ({trace.length})
        </text>
      </g>
    </svg>
  );
}

export function DreamPreview({ frame, size, roi }: { frame: DreamView; size: number; roi: string }) {
  const url = useMemo(() => gridDataUrl(frame, size), [frame, size]);
  const last = frame.trace.at(-1);
  return (
    <div className="row dream-preview">
      <img src={url} alt={`dream for ${roi}`} data-testid="dream-image" width={Math.max(224, size)} />
      <div>
        <p data-testid="dream-step">step {frame.step}</p>
        <p data-testid="dream-response">
          {frame.response !== undefined
            ? `predicted mean ${roi} response: ${frame.response.toFixed(3)}`
            : last && `mean ${roi} response at this step (transformed): ${last.terms[0].toFixed(3)}`}
        </p>
        {frame.trace.length > 1 && <ObjectiveCurve trace={frame.trace} />}
      </div>
    </div>
  );
}
