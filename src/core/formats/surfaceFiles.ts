/**
 * The user's own surfaces and per-vertex maps, dropped as single files: what a file is from its
 * name (format, hemisphere, surface or map name), and its contents read into one neutral item each
 * (a mesh, a scalar map, a label map, or a label's vertex list). Fitting items to hemispheres and
 * checking vertex counts is surfaceSet.ts's job, since that needs the other files.
 */
import type { HemisphereName, SurfaceMesh } from '../bundle/types';
import { readAnnot } from './annot';
import { readCurv, readSurface } from './freesurfer';
import { readGifti, readGiftiData, readGiftiSurface, type GiftiLabel } from './gifti';
import { parseLabel } from './label';
import { readMgh } from './mgh';
import { readNpy } from './npy';

export type SurfaceFileFormat = 'freesurfer' | 'gifti' | 'annot' | 'label' | 'mgh' | 'npy';

export interface SurfaceFileName {
  format: SurfaceFileFormat;
  /** From `lh.`/`rh.`, `_left`/`_right`, `.L.`/`.R.` or `hemi-L`/`hemi-R`; absent when the name does not say. */
  hemisphere?: HemisphereName;
  /** The name without hemisphere and extension, surfaces by their usual names ("infl" → "inflated"). */
  stem: string;
}

const EXTENSIONS: [RegExp, SurfaceFileFormat][] = [
  [/(\.(surf|shape|func|label|time))?\.gii(\.gz)?$/i, 'gifti'],
  [/\.annot$/i, 'annot'],
  [/\.label$/i, 'label'],
  [/\.mg[hz]$/i, 'mgh'],
  [/\.npy$/i, 'npy'],
];

const HEMISPHERE_TOKENS: [RegExp, HemisphereName][] = [
  [/^lh\./i, 'lh'],
  [/^rh\./i, 'rh'],
  [/[_.-]left\b|^left[_.-]/i, 'lh'],
  [/[_.-]right\b|^right[_.-]/i, 'rh'],
  [/\.L\.|\.L$|^L\./, 'lh'],
  [/\.R\.|\.R$|^R\./, 'rh'],
  [/hemi-L(?=[_.]|$)/, 'lh'],
  [/hemi-R(?=[_.]|$)/, 'rh'],
];

/** Surface names as the viewer orders them (viewer/surfaces.ts), ending a stem, with the short forms files use. */
const SURFACE_NAMES: [RegExp, string][] = [
  [/(^|[._-])very_infl(ated)?$/i, 'very_inflated'],
  [/(^|[._-])infl(ated)?$/i, 'inflated'],
  [/(^|[._-])pial$/i, 'pial'],
  [/(^|[._-])white$/i, 'white'],
  [/(^|[._-])midthickness$/i, 'midthickness'],
  [/(^|[._-])sphere$/i, 'sphere'],
  [/(^|[._-])flat$/i, 'flat'],
];

/** What a file is by its name, or undefined when it is none of the surface and map formats. */
export function classifySurfaceFile(path: string): SurfaceFileName | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const extension = EXTENSIONS.find(([pattern]) => pattern.test(name));
  // FreeSurfer's own files have no extension: lh.pial, rh.sulc, lh.sphere.reg.
  const freesurfer = !extension && /^[lr]h\.[^.]/i.test(name);
  if (!extension && !freesurfer) return undefined;
  const hemisphere = HEMISPHERE_TOKENS.find(([pattern]) => pattern.test(name))?.[1];
  let stem = extension ? name.replace(extension[0], '') : name;
  for (const [pattern] of HEMISPHERE_TOKENS) stem = stem.replace(pattern, '.');
  stem = stem.replace(/^[._-]+|[._-]+$/g, '') || name;
  return { format: extension?.[1] ?? 'freesurfer', hemisphere, stem };
}

/** The viewer's name for a surface file's mesh: pial, inflated, …, else the stem itself. */
export function surfaceName(stem: string): string {
  return SURFACE_NAMES.find(([pattern]) => pattern.test(stem))?.[1] ?? stem;
}

interface ItemBase {
  /** The file's name, as the user gave it: how messages and the map list name it. */
  file: string;
  hemisphere?: HemisphereName;
  stem: string;
}

export type SurfaceItem = ItemBase &
  (
    | { type: 'surface'; surface: string; mesh: SurfaceMesh }
    | { type: 'scalar'; values: Float32Array }
    /** 0 = unlabelled, k = labelNames[k - 1]. */
    | { type: 'categorical'; values: Int32Array; labelNames: string[] }
    /** A FreeSurfer .label: the vertices inside it (its vertex count is the surface's). */
    | { type: 'label'; vertices: Int32Array }
  );

/** GIfTI label keys (any integers, 0 usually "unknown") as 1..n in table order, 0 for unlabelled. */
function labelIndices(keys: Int32Array | Float32Array, table: GiftiLabel[]) {
  const named = table.filter((l) => l.key !== 0);
  const index = new Map(named.map((l, i) => [l.key, i + 1]));
  return {
    values: Int32Array.from(keys, (k) => index.get(k) ?? 0),
    labelNames: named.map((l) => l.name || `label ${l.key}`),
  };
}

/** The file's contents as an item; throws the reader's error (the caller names the file). */
export async function readSurfaceFile(path: string, bytes: Uint8Array): Promise<SurfaceItem> {
  const named = classifySurfaceFile(path);
  if (!named) throw new Error('not a surface or per-vertex map file (unknown name or extension)');
  const base = {
    file: path.slice(path.lastIndexOf('/') + 1),
    hemisphere: named.hemisphere,
    stem: named.stem,
  };
  switch (named.format) {
    case 'freesurfer':
      // Surfaces (FF FF FE) and curv-like maps (FF FF FF) share the naming; the magic tells them apart.
      return bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xfe
        ? { ...base, type: 'surface', surface: surfaceName(named.stem), mesh: readSurface(bytes) }
        : { ...base, type: 'scalar', values: readCurv(bytes) };
    case 'gifti': {
      const image = await readGifti(bytes);
      if (image.arrays.some((a) => a.intent === 'NIFTI_INTENT_POINTSET'))
        return {
          ...base,
          type: 'surface',
          surface: surfaceName(named.stem),
          mesh: await readGiftiSurface(bytes),
        };
      const [map] = (await readGiftiData(bytes)).maps;
      return map.intent === 'NIFTI_INTENT_LABEL'
        ? { ...base, type: 'categorical', ...labelIndices(map.values, image.labels) }
        : { ...base, type: 'scalar', values: Float32Array.from(map.values) };
    }
    case 'annot': {
      const { labels, names } = readAnnot(bytes);
      return { ...base, type: 'categorical', values: labels, labelNames: names };
    }
    case 'label': {
      const { vertices } = parseLabel(new TextDecoder().decode(bytes));
      if (vertices.some((v) => v < 0))
        throw new Error('this label was drawn on a volume (vertex -1), not on a surface');
      return { ...base, type: 'label', vertices };
    }
    case 'mgh': {
      const { dims, data } = await readMgh(bytes);
      if (dims[1] !== 1 || dims[2] !== 1)
        throw new Error(
          `this MGH file is a ${dims.slice(0, 3).join('×')} volume, not a surface overlay (V×1×1)`,
        );
      // Frames are slowest: the first frame is the first V values.
      return { ...base, type: 'scalar', values: Float32Array.from(data.subarray(0, dims[0])) };
    }
    case 'npy': {
      const { shape, data } = readNpy(bytes);
      if (shape.length !== 1)
        throw new Error(`this .npy array is shaped (${shape.join(', ')}); per-vertex maps must be 1-D`);
      // numpy's default integers are int64: small enough here to read as numbers.
      return {
        ...base,
        type: 'scalar',
        values: Float32Array.from(data as ArrayLike<number | bigint>, Number),
      };
    }
  }
}
