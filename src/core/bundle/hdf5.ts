/**
 * Subject bundle <-> HDF5 (h5wasm). The caller opens and closes the file, so the same code
 * writes to MEMFS in a worker and to the real file system in the CLI.
 * Layout: docs/bundle-format.md.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import type { Hemisphere, HemisphereName, ResponseSplit, RoiSet, Space, SubjectBundle, Units } from './types';

export const BUNDLE_FORMAT = 'boldstudio-bundle';
export const BUNDLE_VERSION = 1;

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array | Uint32Array;

function dataset(group: Group, name: string, data: Typed, shape: number[]): void {
  group.create_dataset({ name, data, shape });
}

function writeSplit(file: H5File, name: 'train' | 'test', split: ResponseSplit, unitCount: number): void {
  const g = file.create_group(name);
  dataset(g, 'responses', split.responses, [split.nsdIds.length, unitCount]);
  dataset(g, 'nsd_ids', split.nsdIds, [split.nsdIds.length]);
  dataset(g, 'repetitions', split.repetitions, [split.nsdIds.length]);
}

/** The /units group (index, and hemisphere, voxels, grid, affine when present), shared with encoder files. */
export function writeUnits(file: H5File, units: Units): Group {
  const g = file.create_group('units');
  const u = units.count;
  dataset(g, 'index', units.index, [u]);
  if (units.hemisphere) dataset(g, 'hemisphere', units.hemisphere, [u]);
  if (units.voxels) dataset(g, 'voxels', units.voxels, [u, 3]);
  if (units.grid) dataset(g, 'grid', Int32Array.from(units.grid), [3]);
  if (units.affine) dataset(g, 'affine', units.affine, [4, 4]);
  return g;
}

/** /rois/<set>: per-unit labels with attribute `label_names`, shared with encoder files. */
export function writeRois(file: H5File, rois: RoiSet[], unitCount: number): void {
  const g = file.create_group('rois');
  for (const roi of rois) {
    dataset(g, roi.name, roi.labels, [unitCount]);
    (g.get(roi.name) as Dataset).create_attribute('label_names', roi.labelNames);
  }
}

export function writeBundle(file: H5File, bundle: SubjectBundle): void {
  const u = bundle.units.count;
  file.create_attribute('format', BUNDLE_FORMAT);
  file.create_attribute('format_version', BUNDLE_VERSION);
  file.create_attribute('subject', bundle.subject);
  file.create_attribute('space', bundle.space);
  file.create_attribute('provenance', JSON.stringify(bundle.provenance));

  dataset(writeUnits(file, bundle.units), 'noise_ceiling', bundle.noiseCeiling, [u]);

  writeSplit(file, 'train', bundle.train, u);
  writeSplit(file, 'test', bundle.test, u);

  writeRois(file, bundle.rois, u);

  const stimuli = file.create_group('stimuli');
  const s = bundle.stimuli;
  stimuli.create_dataset({
    name: 'images',
    data: s.images,
    shape: [s.nsdIds.length, s.size, s.size, 3],
    chunks: [1, s.size, s.size, 3],
    compression: 'gzip',
    compression_opts: 4,
  });
  dataset(stimuli, 'nsd_ids', s.nsdIds, [s.nsdIds.length]);

  if (bundle.hemispheres) {
    const surfaces = file.create_group('surfaces');
    for (const hemi of bundle.hemispheres) {
      const h = surfaces.create_group(hemi.name);
      dataset(h, 'sulc', hemi.sulc, [hemi.sulc.length]);
      for (const [kind, mesh] of Object.entries(hemi.surfaces)) {
        const m = h.create_group(kind);
        dataset(m, 'vertices', mesh.positions, [mesh.positions.length / 3, 3]);
        dataset(m, 'faces', mesh.faces, [mesh.faces.length / 3, 3]);
      }
    }
  }
}

export class BundleFormatError extends Error {
  override name = 'BundleFormatError';
}

function need(group: Group, path: string): Dataset {
  const entity = group.get(path);
  // Duck-typed: the Dataset class belongs to whichever h5wasm build (browser or Node) opened the file.
  if (!entity || !('slice' in entity)) throw new BundleFormatError(`missing dataset /${path}`);
  return entity as Dataset;
}

function read<T extends Typed>(group: Group, path: string, kind: new (n: number) => T): T {
  const value = need(group, path).value;
  if (!(value instanceof kind))
    throw new BundleFormatError(`/${path} has the wrong type (expected ${kind.name})`);
  return value;
}

function readSplit(file: H5File, name: string): ResponseSplit {
  return {
    responses: read(file, `${name}/responses`, Float32Array),
    nsdIds: read(file, `${name}/nsd_ids`, Int32Array),
    repetitions: read(file, `${name}/repetitions`, Uint8Array),
  };
}

function readHemispheres(file: H5File): Hemisphere[] | undefined {
  const surfaces = file.get('surfaces') as Group | null;
  if (!surfaces) return undefined;
  return surfaces.keys().map((name) => {
    const h = surfaces.get(name) as Group;
    const meshes: Hemisphere['surfaces'] = {};
    for (const kind of h.keys().filter((k) => k !== 'sulc')) {
      meshes[kind] = {
        positions: read(h, `${kind}/vertices`, Float32Array),
        faces: read(h, `${kind}/faces`, Uint32Array),
      };
    }
    return { name: name as HemisphereName, surfaces: meshes, sulc: read(h, 'sulc', Float32Array) };
  });
}

export function readUnits(file: H5File): Units {
  const index = read(file, 'units/index', Int32Array);
  const optional = <T extends Typed>(path: string, kind: new (n: number) => T) =>
    file.get(path) ? read(file, path, kind) : undefined;
  const grid = optional('units/grid', Int32Array);
  return {
    count: index.length,
    index,
    hemisphere: optional('units/hemisphere', Uint8Array),
    voxels: optional('units/voxels', Int32Array),
    grid: grid ? [grid[0], grid[1], grid[2]] : undefined,
    affine: optional('units/affine', Float64Array),
  };
}

export function readRois(file: H5File): RoiSet[] {
  const rois = file.get('rois') as Group | null;
  if (!rois) throw new BundleFormatError('missing group /rois');
  return rois.keys().map((name) => {
    const names = need(rois, name).attrs['label_names']?.value;
    return {
      name,
      labels: read(rois, name, Int32Array),
      labelNames: Array.isArray(names) ? names.map(String) : typeof names === 'string' ? [names] : [],
    };
  });
}

export function readBundle(file: H5File): SubjectBundle {
  if (file.attrs['format']?.value !== BUNDLE_FORMAT) {
    throw new BundleFormatError('not a boldstudio subject bundle (no format attribute)');
  }
  const images = need(file, 'stimuli/images');
  return {
    subject: String(file.attrs['subject'].value),
    space: String(file.attrs['space'].value) as Space,
    units: readUnits(file),
    noiseCeiling: read(file, 'units/noise_ceiling', Float32Array),
    train: readSplit(file, 'train'),
    test: readSplit(file, 'test'),
    rois: readRois(file),
    stimuli: {
      size: images.shape?.[1] ?? 0,
      images: read(file, 'stimuli/images', Uint8Array),
      nsdIds: read(file, 'stimuli/nsd_ids', Int32Array),
    },
    hemispheres: readHemispheres(file),
    provenance: JSON.parse(String(file.attrs['provenance'].value)),
  };
}
