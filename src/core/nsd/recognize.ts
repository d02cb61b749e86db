/**
 * What a local file is, from its path (NSD and Algonauts 2023 naming), before anything is read.
 * Contents are checked when the file is opened (see `sniff`), so a misnamed file still gets a
 * message that names it.
 */

export type Hemi = 'lh' | 'rh';
export type NsdSpace = 'func1pt8mm' | 'func1mm' | 'nativesurface' | 'fsaverage';

export type FileKind =
  | { kind: 'betas-volume'; session: number; space?: NsdSpace }
  | { kind: 'betas-surface'; session: number; hemi: Hemi; format: 'hdf5' | 'mgh'; space: NsdSpace }
  | { kind: 'stimuli' }
  | { kind: 'design-mat' }
  | { kind: 'design-responses' }
  | { kind: 'design-stiminfo' }
  | { kind: 'ncsnr-volume'; space?: NsdSpace }
  | { kind: 'ncsnr-surface'; hemi: Hemi; space?: NsdSpace }
  | { kind: 'roi-volume'; name: string; hemi?: Hemi; space?: NsdSpace }
  | { kind: 'roi-surface'; name: string; hemi: Hemi }
  | { kind: 'label-table'; name: string }
  | { kind: 'surface'; hemi: Hemi; surface: string }
  | { kind: 'algonauts-fmri'; hemi: Hemi; split: 'training' | 'test' }
  | { kind: 'algonauts-image'; split: 'train' | 'test'; index: number; nsdId: number }
  | { kind: 'algonauts-roi'; hemi: Hemi; name: string }
  | { kind: 'algonauts-vertices'; hemi: Hemi }
  | { kind: 'algonauts-noise-ceiling'; hemi: Hemi }
  | { kind: 'bundle' }
  | { kind: 'unknown' };

export interface Recognized {
  path: string;
  size: number;
  subject?: number;
  type: FileKind;
}

const SPACES: NsdSpace[] = ['func1pt8mm', 'func1mm', 'nativesurface', 'fsaverage'];
const SURFACES = ['white', 'pial', 'inflated', 'sphere', 'smoothwm', 'midthickness', 'semiinflated'];

function spaceOf(segments: string[]): NsdSpace | undefined {
  return SPACES.find((s) => segments.includes(s));
}

function subjectOf(segments: string[]): number | undefined {
  for (const s of segments) {
    const m = /^subj(\d{1,2})$/.exec(s);
    if (m) return Number(m[1]);
  }
  return undefined;
}

export function classify(path: string): FileKind {
  const segments = path.split(/[\\/]+/).filter(Boolean);
  const name = segments.at(-1) ?? '';
  const parent = segments.at(-2) ?? '';
  const space = spaceOf(segments);
  let m: RegExpExecArray | null;

  if ((m = /^betas_session(\d+)\.(hdf5|h5)$/.exec(name)))
    return { kind: 'betas-volume', session: Number(m[1]), space };
  if ((m = /^(lh|rh)\.betas_session(\d+)\.(hdf5|h5|mgh)$/.exec(name))) {
    const mgh = m[3] === 'mgh';
    return {
      kind: 'betas-surface',
      hemi: m[1] as Hemi,
      session: Number(m[2]),
      format: mgh ? 'mgh' : 'hdf5',
      space: space ?? (mgh ? 'fsaverage' : 'nativesurface'),
    };
  }
  if (name === 'nsd_stimuli.hdf5') return { kind: 'stimuli' };
  if (name === 'nsd_expdesign.mat') return { kind: 'design-mat' };
  if (name === 'responses.tsv') return { kind: 'design-responses' };
  if (/^nsd_stim_info_merged\.csv$/.test(name)) return { kind: 'design-stiminfo' };
  if (/^ncsnr\.nii(\.gz)?$/.test(name)) return { kind: 'ncsnr-volume', space };
  if ((m = /^(lh|rh)\.ncsnr\.mgh$/.exec(name))) return { kind: 'ncsnr-surface', hemi: m[1] as Hemi, space };
  if ((m = /^(.+)\.mgz\.ctab$/.exec(name))) return { kind: 'label-table', name: m[1] };
  if (parent === 'roi' && (m = /^(?:(lh|rh)\.)?(.+)\.nii(\.gz)?$/.exec(name))) {
    return { kind: 'roi-volume', name: m[2], hemi: (m[1] as Hemi) || undefined, space };
  }
  if ((m = /^(lh|rh)\.(.+)\.mgz$/.exec(name)) && parent === 'label') {
    return { kind: 'roi-surface', hemi: m[1] as Hemi, name: m[2] };
  }
  if ((m = /^(lh|rh)\.(.+)$/.exec(name)) && parent === 'surf' && SURFACES.includes(m[2])) {
    return { kind: 'surface', hemi: m[1] as Hemi, surface: m[2] };
  }
  if ((m = /^(lh|rh)_(training|test)_fmri\.npy$/.exec(name))) {
    return { kind: 'algonauts-fmri', hemi: m[1] as Hemi, split: m[2] as 'training' | 'test' };
  }
  if ((m = /^(train|test)-(\d+)_nsd-(\d+)\.png$/.exec(name))) {
    return {
      kind: 'algonauts-image',
      split: m[1] as 'train' | 'test',
      index: Number(m[2]),
      nsdId: Number(m[3]),
    };
  }
  if ((m = /^(lh|rh)\.all-vertices_fsaverage_space\.npy$/.exec(name)))
    return { kind: 'algonauts-vertices', hemi: m[1] as Hemi };
  if ((m = /^(lh|rh)_noise_ceiling\.npy$/.exec(name)))
    return { kind: 'algonauts-noise-ceiling', hemi: m[1] as Hemi };
  if ((m = /^(lh|rh)\.(.+)_challenge_space\.npy$/.exec(name))) {
    return { kind: 'algonauts-roi', hemi: m[1] as Hemi, name: m[2] };
  }
  if (/\.(h5|hdf5)$/.test(name) && /bundle|^demo\d+\.h5$/.test(name)) return { kind: 'bundle' };
  return { kind: 'unknown' };
}

export function recognize(path: string, size: number): Recognized {
  const segments = path.split(/[\\/]+/).filter(Boolean);
  return { path, size, subject: subjectOf(segments), type: classify(path) };
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** What the first bytes say the file is, to catch a wrong or renamed file before parsing it. */
export function sniff(head: Uint8Array): 'hdf5' | 'gzip' | 'mat5' | 'npy' | 'png' | 'text' | 'binary' {
  const starts = (sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(HDF5_SIGNATURE)) return 'hdf5';
  if (starts([0x1f, 0x8b])) return 'gzip';
  if (starts([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59])) return 'npy';
  if (starts([0x89, 0x50, 0x4e, 0x47])) return 'png';
  if (new TextDecoder().decode(head.subarray(0, 10)) === 'MATLAB 5.0') return 'mat5';
  const sample = head.subarray(0, 512);
  return sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128)
    ? 'text'
    : 'binary';
}

/** The content each kind must have; undefined where several are fine (e.g. .nii vs .nii.gz). */
export function expectedContent(type: FileKind): ReturnType<typeof sniff> | undefined {
  switch (type.kind) {
    case 'betas-volume':
    case 'stimuli':
    case 'bundle':
      return 'hdf5';
    case 'betas-surface':
      return type.format === 'hdf5' ? 'hdf5' : undefined;
    case 'design-mat':
      return 'mat5';
    case 'design-responses':
    case 'design-stiminfo':
    case 'label-table':
      return 'text';
    case 'algonauts-fmri':
    case 'algonauts-roi':
    case 'algonauts-vertices':
    case 'algonauts-noise-ceiling':
      return 'npy';
    case 'algonauts-image':
      return 'png';
    default:
      return undefined;
  }
}
