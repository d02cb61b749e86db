/**
 * What each local file is — by name, then by content — and which bundles the set of files allows.
 * Drives `boldstudio inspect` and the Data panel's file list.
 */
import { BUNDLE_FORMAT } from '../bundle/hdf5';
import { parseCtab } from '../formats/ctab';
import { readSurface } from '../formats/freesurfer';
import { h5ErrorReason } from '../formats/h5';
import { readMat } from '../formats/matv5';
import { readMgh } from '../formats/mgh';
import { readNifti } from '../formats/nifti';
import { readNpy } from '../formats/npy';
import { decodePng } from '../formats/png';
import { parseTable } from '../formats/table';
import { baseName, type InputFile, type OpenHdf5 } from './inputs';
import { expectedContent, recognize, sniff, type FileKind, type Hemi, type NsdSpace } from './recognize';
import { selectSources } from './select';

export interface FileReport {
  path: string;
  size: number;
  subject?: number;
  kind: FileKind['kind'];
  /** What was found inside, e.g. "/betas int16 (750, 14, 20, 16)". */
  description: string;
  /** Set when the file cannot be used as what its name says. */
  problem?: string;
}

export interface DatasetReport {
  /** NSD's own files, or the Algonauts 2023 challenge release. */
  layout: 'nsd' | 'algonauts';
  subject: number;
  space: NsdSpace;
  hemi?: Hemi;
  sessions: number[];
  rois: string[];
  /** What is still needed before a bundle can be built (besides choosing an ROI). */
  missing: string[];
}

export interface Inventory {
  files: FileReport[];
  datasets: DatasetReport[];
}

/** Small files are parsed for a description; bigger ones are only sniffed (HDF5 is opened lazily). */
const PARSE_LIMIT = 64 * 2 ** 20;

function hdf5Description(file: InputFile, openHdf5: OpenHdf5): string {
  const h5 = openHdf5(file);
  try {
    if (h5.attrs['format']?.value === BUNDLE_FORMAT) {
      return `boldstudio bundle: ${String(h5.attrs['subject']?.value)} ${String(h5.attrs['space']?.value)}`;
    }
    return h5
      .keys()
      .map((key) => {
        const entity = h5.get(key) as { shape?: number[]; dtype?: unknown } | null;
        return entity && 'shape' in entity && entity.shape
          ? `/${key} ${String(entity.dtype)} (${entity.shape.join(', ')})`
          : `/${key}/`;
      })
      .join(', ');
  } finally {
    h5.close();
  }
}

async function describe(file: InputFile, type: FileKind, openHdf5: OpenHdf5): Promise<string> {
  const content = sniff(await file.range(0, 512));
  if (content === 'hdf5') return hdf5Description(file, openHdf5);
  if (file.size > PARSE_LIMIT) return `${content}, ${(file.size / 2 ** 20).toFixed(0)} MB`;
  const bytes = await file.bytes();
  switch (type.kind) {
    case 'design-mat':
      return [...(await readMat(bytes))].map(([name, a]) => `${name} ${a.dims.join('×')}`).join(', ');
    case 'design-responses':
    case 'design-stiminfo': {
      const table = parseTable(new TextDecoder().decode(bytes));
      return `${table.rows} rows × ${table.columns.length} columns`;
    }
    case 'label-table':
      return `${parseCtab(new TextDecoder().decode(bytes)).length} labels`;
    case 'roi-volume':
    case 'ncsnr-volume': {
      const image = await readNifti(bytes);
      return `NIfTI ${image.shape.join('×')}`;
    }
    case 'roi-surface':
    case 'ncsnr-surface':
    case 'betas-surface': {
      const mgh = await readMgh(bytes);
      return `MGH ${mgh.dims.join('×')}`;
    }
    case 'algonauts-fmri':
    case 'algonauts-roi':
      return `npy (${readNpy(bytes).shape.join(', ')})`;
    case 'surface': {
      const mesh = readSurface(bytes);
      return `surface, ${mesh.positions.length / 3} vertices, ${mesh.faces.length / 3} faces`;
    }
    case 'algonauts-image': {
      const png = await decodePng(bytes);
      return `PNG ${png.width}×${png.height}`;
    }
    default:
      return content;
  }
}

export async function inspectFile(file: InputFile, openHdf5: OpenHdf5): Promise<FileReport> {
  const info = recognize(file.path, file.size);
  const report: FileReport = {
    path: file.path,
    size: file.size,
    subject: info.subject,
    kind: info.type.kind,
    description: '',
  };
  const expected = expectedContent(info.type);
  try {
    const content = sniff(await file.range(0, 512));
    if (expected && content !== expected) {
      report.problem = `${baseName(file.path)} is named like a ${info.type.kind} file but its content is ${content}, not ${expected}`;
    }
    report.description = await describe(file, info.type, openHdf5);
    // A bundle is known by its content, whatever the user renamed it to.
    if (report.description.startsWith('boldstudio bundle')) {
      report.kind = 'bundle';
      report.problem = undefined;
    }
  } catch (error) {
    const reason = readableError(error);
    report.problem ??= `${baseName(file.path)}: ${reason}`;
  }
  return report;
}

function readableError(error: unknown): string {
  const message = String((error as Error)?.message ?? error);
  return /HDF5|H5F|signature/.test(message) ? h5ErrorReason(error) : message;
}

/** The bundles these files could make, and what each still lacks. */
export function inventory(files: InputFile[], reports: FileReport[]): Inventory {
  const keys = new Map<string, { subject: number; space: NsdSpace; hemi?: Hemi }>();
  for (const file of files) {
    const info = recognize(file.path, file.size);
    const t = info.type;
    if (t.kind !== 'betas-volume' && t.kind !== 'betas-surface') continue;
    const space = t.space ?? 'func1pt8mm';
    const hemi = t.kind === 'betas-surface' ? t.hemi : undefined;
    const subject = info.subject ?? 1;
    keys.set(`${subject}/${space}/${hemi ?? ''}`, { subject, space, hemi });
  }
  const datasets = [...keys.values()].map(({ subject, space, hemi }) => {
    const sources = selectSources(files, { subject, space, hemi });
    return {
      layout: 'nsd' as const,
      subject,
      space,
      hemi,
      sessions: sources.betas.map((b) => b.type.session),
      rois: sources.rois.map((r) => r.type.name),
      missing: sources.missing.filter((m) => !m.startsWith('choose an ROI')),
    };
  });
  return { files: reports, datasets: [...datasets, ...algonautsDatasets(files)] };
}

function algonautsDatasets(files: InputFile[]): DatasetReport[] {
  const subjects = new Map<number, { images: number; rois: Set<string>; hemis: Set<string> }>();
  for (const file of files) {
    const info = recognize(file.path, file.size);
    const entry = subjects.get(info.subject ?? 1) ?? {
      images: 0,
      rois: new Set<string>(),
      hemis: new Set<string>(),
    };
    if (info.type.kind === 'algonauts-fmri' && info.type.split === 'training')
      entry.hemis.add(info.type.hemi);
    else if (info.type.kind === 'algonauts-image') entry.images++;
    else if (info.type.kind === 'algonauts-roi') entry.rois.add(info.type.name);
    else continue;
    subjects.set(info.subject ?? 1, entry);
  }
  return [...subjects]
    .filter(([, e]) => e.hemis.size > 0)
    .map(([subject, e]) => ({
      layout: 'algonauts',
      subject,
      space: 'fsaverage',
      sessions: [],
      rois: [...e.rois].sort(),
      missing: e.images === 0 ? ['no training_images/*.png'] : [],
    }));
}
