/**
 * The user's loaded maps (surfaceSet.ts) in the Brain panel: the ones that fit the shown surfaces as
 * Map-list entries, as overlays (lh then rh, the hemisphere a map lacks left blank), and their values
 * at a picked vertex.
 */
import type { HemisphereName } from '../core/bundle/types';
import { mapFits, type LoadedMap, type VertexCounts } from '../core/formats/surfaceSet';
import { valueExtent } from '../viewer/scale';
import type { Overlay } from '../viewer/types';

export type LoadedMapKey = `loaded:${string}`;

export const loadedMapKey = (map: LoadedMap): LoadedMapKey => `loaded:${map.name}`;

/** Map-list entries for the loaded maps that fit the shown hemispheres. */
export function loadedMapOptions(maps: readonly LoadedMap[], counts: VertexCounts) {
  return maps
    .filter((m) => mapFits(m, counts))
    .map((m) => ({ key: loadedMapKey(m), label: `Loaded: ${m.name}` }));
}

/** The map's values over the shown hemispheres, in order; `fill` where it has none. */
function concatenated(map: LoadedMap, shown: readonly HemisphereName[], counts: VertexCounts, fill: number) {
  const Values = map.labelNames ? Int32Array : Float32Array;
  const out = new Values(shown.reduce((sum, h) => sum + counts[h]!, 0)).fill(fill);
  let offset = 0;
  for (const h of shown) {
    const values = map.values[h];
    if (values) out.set(values, offset);
    offset += counts[h]!;
  }
  return out;
}

/**
 * A label map as categories; a scalar map over its full extent, centred on 0 in RdBu_r when it has
 * both signs (curvature, signed statistics), else in viridis.
 */
export function loadedOverlay(
  map: LoadedMap,
  shown: readonly HemisphereName[],
  counts: VertexCounts,
): Overlay {
  if (map.labelNames)
    return { kind: 'categorical', values: concatenated(map, shown, counts, 0), labelNames: map.labelNames };
  const values = concatenated(map, shown, counts, NaN) as Float32Array;
  const { min, max, maxAbs } = valueExtent(values);
  return min < 0 && max > 0
    ? { kind: 'scalar', values, colormap: 'RdBu_r', vmin: -maxAbs, vmax: maxAbs, symmetric: true }
    : { kind: 'scalar', values, colormap: 'viridis', vmin: min, vmax: max };
}

/** "name: value" for every fitting loaded map with a value at this vertex. */
export function loadedReadout(
  maps: readonly LoadedMap[],
  counts: VertexCounts,
  hemisphere: HemisphereName,
  vertex: number,
): string[] {
  return maps.flatMap((m) => {
    const value = mapFits(m, counts) ? m.values[hemisphere]?.[vertex] : undefined;
    if (value === undefined) return [];
    if (m.labelNames) return [`${m.name}: ${m.labelNames[value - 1] ?? 'unlabelled'}`];
    return [`${m.name}: ${Number(value.toPrecision(4))}`];
  });
}
