/**
 * The user's loaded surfaces and maps as one set: surface files become hemispheres (lh before rh,
 * sulc from a loaded sulc map or zeros), map files become per-hemisphere maps. Every map is checked
 * against the vertex count of the surfaces it will be drawn on; one that does not fit is left out
 * with checkVertexCount's message.
 */
import type { Hemisphere, HemisphereName } from '../bundle/types';
import type { SurfaceItem } from './surfaceFiles';
import { checkVertexCount, VertexCountError } from './vertexCount';

export interface LoadedMap {
  /** The file's name ("lh.curv"), unique in the set: a file loaded again replaces its map. */
  name: string;
  /** Values of the hemispheres the file covers. */
  values: Partial<Record<HemisphereName, Float32Array | Int32Array>>;
  /** Set for label maps (0 = unlabelled, k = labelNames[k - 1]); scalar maps have none. */
  labelNames?: string[];
}

export interface SurfaceSet {
  hemispheres: Hemisphere[];
  maps: LoadedMap[];
}

export const EMPTY_SURFACE_SET: SurfaceSet = { hemispheres: [], maps: [] };

/** Vertices per hemisphere that maps must match. */
export type VertexCounts = Partial<Record<HemisphereName, number>>;

export function vertexCounts(hemispheres: readonly Hemisphere[]): VertexCounts {
  return Object.fromEntries(hemispheres.map((h) => [h.name, h.sulc.length]));
}

const HEMISPHERE_ORDER: HemisphereName[] = ['lh', 'rh'];

/** What a name-less file would need to say to be placed. */
const NO_HEMISPHERE =
  'the name does not say which hemisphere: start it with lh. or rh., or use _left / _right';

function addSurface(
  hemispheres: Map<HemisphereName, Hemisphere>,
  item: Extract<SurfaceItem, { type: 'surface' }>,
): void {
  if (!item.hemisphere) throw new Error(NO_HEMISPHERE);
  const count = item.mesh.positions.length / 3;
  const old = hemispheres.get(item.hemisphere);
  if (old && old.sulc.length !== count) {
    const other = Object.keys(old.surfaces).join(', ');
    throw new VertexCountError(
      `${item.file} has ${count} vertices but the loaded ${item.hemisphere} surfaces (${other}) have ${old.sulc.length}: one hemisphere's surfaces must share their vertices`,
    );
  }
  hemispheres.set(item.hemisphere, {
    name: item.hemisphere,
    surfaces: { ...old?.surfaces, [item.surface]: item.mesh },
    sulc: old?.sulc ?? new Float32Array(count),
  });
}

/** The map's values split over hemispheres, each checked against its vertex count. */
function placeMap(
  item: Exclude<SurfaceItem, { type: 'surface' }>,
  counts: VertexCounts,
): LoadedMap['values'] {
  const shown = HEMISPHERE_ORDER.filter((h) => counts[h] !== undefined);
  if (shown.length === 0) throw new Error('load a surface first: there is none to put this map on');
  if (item.type === 'label') {
    if (!item.hemisphere) throw new Error(NO_HEMISPHERE);
    const count = counts[item.hemisphere];
    if (count === undefined)
      throw new Error(`it is for ${item.hemisphere}, and no ${item.hemisphere} surface is shown`);
    const inside = new Int32Array(count);
    for (const v of item.vertices) {
      if (v >= count)
        throw new VertexCountError(
          `${item.file} names vertex ${v} but the ${item.hemisphere} surface has ${count} vertices`,
        );
      inside[v] = 1;
    }
    return { [item.hemisphere]: inside };
  }
  const { values } = item;
  const hemisphere = item.hemisphere ?? (shown.length === 1 ? shown[0] : undefined);
  if (hemisphere) {
    const count = counts[hemisphere];
    if (count === undefined)
      throw new Error(`it is for ${hemisphere}, and no ${hemisphere} surface is shown`);
    checkVertexCount(item.file, values, count, hemisphere);
    return { [hemisphere]: values };
  }
  // No hemisphere in the name: both hemispheres' values, lh then rh.
  const lh = counts.lh!;
  checkVertexCount(item.file, values, lh + counts.rh!, 'lh + rh');
  return { lh: values.subarray(0, lh), rh: values.subarray(lh) };
}

/**
 * The set with the items added, and a message per item left out ("file: problem"). Maps go on the
 * set's surfaces, or on `fallback` (the subject's surfaces) while the set has none.
 */
export function addToSurfaceSet(
  set: SurfaceSet,
  items: readonly SurfaceItem[],
  fallback: VertexCounts = {},
): { set: SurfaceSet; problems: string[] } {
  const problems: string[] = [];
  const report = (item: SurfaceItem, error: unknown) => {
    const message = (error as Error).message;
    // VertexCountError messages already start with the file's name.
    problems.push(message.startsWith(item.file) ? message : `${item.file}: ${message}`);
  };
  const hemispheres = new Map(set.hemispheres.map((h) => [h.name, h]));
  for (const item of items) {
    if (item.type !== 'surface') continue;
    try {
      addSurface(hemispheres, item);
    } catch (error) {
      report(item, error);
    }
  }
  const loaded = HEMISPHERE_ORDER.flatMap((h) => hemispheres.get(h) ?? []);
  const counts = loaded.length ? vertexCounts(loaded) : fallback;
  const maps = new Map(set.maps.map((m) => [m.name, m]));
  for (const item of items) {
    if (item.type === 'surface') continue;
    try {
      const values = placeMap(item, counts);
      maps.set(item.file, {
        name: item.file,
        values,
        ...(item.type === 'categorical' && { labelNames: item.labelNames }),
        ...(item.type === 'label' && { labelNames: [item.stem] }),
      });
    } catch (error) {
      report(item, error);
      continue;
    }
    // A sulc map shades the loaded surface it belongs to.
    if (item.type === 'scalar' && /(^|[._-])sulc$/i.test(item.stem)) {
      for (const h of loaded) {
        const sulc = maps.get(item.file)!.values[h.name];
        if (sulc) loaded[loaded.indexOf(h)] = { ...h, sulc: Float32Array.from(sulc) };
      }
    }
  }
  return { set: { hemispheres: loaded, maps: [...maps.values()] }, problems };
}

/** Whether the map has values for every shown hemisphere and only those, with their vertex counts. */
export function mapFits(map: LoadedMap, counts: VertexCounts): boolean {
  const covered = Object.entries(map.values);
  return covered.length > 0 && covered.every(([h, values]) => counts[h as HemisphereName] === values.length);
}
