/**
 * The maps the Brain panel can paint: the subject's ROIs and noise ceiling, and, when an encoder fitted on
 * this subject is open, its accuracy, best-layer and per-layer maps. A map is named by a key so other
 * panels can ask for one ("show on the surface").
 */
import { unitsToVertices } from '../core/bundle/vertexMap';
import type { SubjectView } from '../../workers/data.worker';
import type { FitView } from '../../workers/fitting.worker';
import type { Overlay } from '../viewer/types';
import type { LoadedMapKey } from './loadedMaps';

export type MapKey =
  `roi:${string}` | 'noise-ceiling' | 'fit:r' | 'fit:nc' | 'fit:best' | `fit:layer:${number}` | LoadedMapKey;

export interface MapOption {
  key: MapKey;
  label: string;
}

export function mapOptions(subject: SubjectView, fit: FitView | undefined): MapOption[] {
  const options: MapOption[] = [
    ...subject.rois.map((r) => ({ key: `roi:${r.name}` as const, label: `ROIs: ${r.name}` })),
    { key: 'noise-ceiling', label: 'Noise ceiling (%)' },
  ];
  if (!fit) return options;
  options.push(
    { key: 'fit:r', label: 'Fit: accuracy (r)' },
    { key: 'fit:nc', label: 'Fit: accuracy (% of noise ceiling)' },
  );
  if (fit.bestLayer) options.push({ key: 'fit:best', label: 'Fit: best layer' });
  fit.layers.forEach((l, i) => {
    if (l.r) options.push({ key: `fit:layer:${i}`, label: `Fit: r of ${l.name} alone` });
  });
  return options;
}

/** Why the encoder's maps cannot be drawn on this subject; undefined when they can. */
export function fitMismatch(subject: SubjectView, fit: FitView): string | undefined {
  const s = subject.summary;
  if (fit.subject === s.subject && fit.space === s.space && fit.v === s.units) return undefined;
  return (
    `The encoder ${fit.id} was fitted on ${fit.subject} (${fit.space}, ${fit.v.toLocaleString()} units), ` +
    `not on the current subject ${s.subject} (${s.space}, ${s.units.toLocaleString()} units): open that subject to see its maps.`
  );
}

/** ±limit for r maps: the largest |r| over the given maps, rounded up to 0.05 (at least 0.05). */
export function symmetricLimit(maps: Float32Array[]): number {
  let largest = 0;
  for (const map of maps)
    for (const v of map) if (Number.isFinite(v)) largest = Math.max(largest, Math.abs(v));
  return Math.max(0.05, Math.ceil(largest / 0.05 - 1e-9) * 0.05);
}

/** Per-unit values → per-vertex values (lh then rh), `fill` where no unit lands. */
export type PlaceUnits = <T extends Float32Array | Int32Array>(values: T, fill: number) => T;

export type BrainMap = { overlay: Overlay; unit: string } | { problem: string };

export function brainMap(
  subject: SubjectView,
  fit: FitView | undefined,
  key: MapKey,
  vertexCounts: number[],
  toVertices: PlaceUnits = (values, fill) => unitsToVertices(subject.units, vertexCounts, values, fill),
): BrainMap {
  if (key.startsWith('fit:') && fit) {
    const problem = fitMismatch(subject, fit);
    if (problem) return { problem };
    const layerMaps = fit.layers.flatMap((l) => (l.r ? [l.r] : []));
    const limit = symmetricLimit([fit.r, ...layerMaps]);
    const rMap = (values: Float32Array, unit: string): BrainMap => ({
      overlay: {
        kind: 'scalar',
        values: toVertices(values, NaN),
        colormap: 'RdBu_r',
        vmin: -limit,
        vmax: limit,
      },
      unit,
    });
    if (key === 'fit:r') return rMap(fit.r, 'accuracy r (test images)');
    if (key === 'fit:nc')
      return {
        overlay: {
          kind: 'scalar',
          values: toVertices(fit.ncNormalized, NaN),
          colormap: 'hot',
          vmin: 0,
          vmax: 100,
        },
        unit: 'accuracy, % of noise ceiling',
      };
    if (key === 'fit:best' && fit.bestLayer)
      return {
        overlay: {
          kind: 'categorical',
          values: toVertices(
            Int32Array.from(fit.bestLayer, (l) => l + 1),
            0,
          ),
          labelNames: fit.layers.map((l) => l.name),
        },
        unit: 'best layer',
      };
    const layer = key.startsWith('fit:layer:')
      ? fit.layers[Number(key.slice('fit:layer:'.length))]
      : undefined;
    if (layer?.r) return rMap(layer.r, `r of ${layer.name} alone (test images)`);
  }
  const roi = subject.rois.find((r) => `roi:${r.name}` === key);
  if (roi)
    return {
      overlay: { kind: 'categorical', values: toVertices(roi.labels, 0), labelNames: roi.labelNames },
      unit: '',
    };
  return {
    overlay: {
      kind: 'scalar',
      values: toVertices(subject.noiseCeiling, NaN),
      colormap: 'hot',
      vmin: 0,
      vmax: 100,
    },
    unit: '% variance',
  };
}

/** The wanted map if this subject (and open encoder) has it, else the first one there is. */
export function availableMap(options: MapOption[], wanted: MapKey): MapKey {
  return options.some((o) => o.key === wanted) ? wanted : options[0].key;
}

/**
 * Every map's value at one vertex, as "name: value" lines (see `unitReadout`); empty when no unit sits at
 * that vertex.
 */
export function vertexReadout(
  subject: SubjectView,
  fit: FitView | undefined,
  hemisphere: number,
  vertex: number,
): string[] {
  const { units } = subject;
  for (let u = 0; u < units.count; u++)
    if (units.index[u] === vertex && (units.hemisphere?.[u] ?? 0) === hemisphere)
      return unitReadout(subject, fit, u);
  return [];
}

/**
 * Every map's value at unit `u`, as "name: value" lines: ROI labels, noise ceiling, and the open encoder's
 * maps when it fits this subject.
 */
export function unitReadout(subject: SubjectView, fit: FitView | undefined, u: number): string[] {
  const lines = subject.rois.map((r) => `${r.name}: ${r.labelNames[r.labels[u] - 1] ?? 'unlabelled'}`);
  lines.push(`noise ceiling: ${subject.noiseCeiling[u].toFixed(1)} %`);
  if (fit && !fitMismatch(subject, fit)) {
    lines.push(`r: ${fit.r[u].toFixed(3)}`, `accuracy: ${fit.ncNormalized[u].toFixed(1)} % of noise ceiling`);
    if (fit.bestLayer) lines.push(`best layer: ${fit.layers[fit.bestLayer[u]].name}`);
    for (const l of fit.layers) if (l.r) lines.push(`r of ${l.name} alone: ${l.r[u].toFixed(3)}`);
  }
  return lines;
}
