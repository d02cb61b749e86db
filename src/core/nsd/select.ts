/**
 * Which of the given files make up a bundle for one subject / space / hemisphere, with a message for
 * anything missing. Used by the builder and by the Data panel's "what is missing" list.
 */
import { baseName, type InputFile } from './inputs';
import { recognize, type FileKind, type Hemi, type NsdSpace } from './recognize';

export interface BundleRequest {
  subject: number;
  space: NsdSpace;
  /** Surface spaces: one hemisphere per bundle. */
  hemi?: Hemi;
  /** ROI set whose labels > 0 choose the units; required for volume spaces. */
  roi?: string;
}

type Of<K extends FileKind['kind']> = Extract<FileKind, { kind: K }>;

export interface Located<K extends FileKind['kind'] = FileKind['kind']> {
  file: InputFile;
  type: Of<K>;
}

export interface BundleSources {
  betas: Located<'betas-volume' | 'betas-surface'>[];
  design?: Located<'design-mat' | 'design-responses' | 'design-stiminfo'>;
  stimuli?: Located<'stimuli'>;
  ncsnr?: Located<'ncsnr-volume' | 'ncsnr-surface'>;
  rois: Located<'roi-volume' | 'roi-surface'>[];
  labelTables: Map<string, InputFile>;
  surfaces: Located<'surface'>[];
  /** Human-readable reasons a bundle cannot be built yet; empty when it can. */
  missing: string[];
}

const isVolume = (space: NsdSpace) => space === 'func1pt8mm' || space === 'func1mm';
const DESIGN_PREFERENCE = ['design-mat', 'design-responses', 'design-stiminfo'];

export function selectSources(files: InputFile[], request: BundleRequest): BundleSources {
  const located = files
    .map((file) => ({ file, info: recognize(file.path, file.size) }))
    .filter(({ info }) => info.subject === undefined || info.subject === request.subject)
    .map(({ file, info }) => ({ file, type: info.type }));
  const of = <K extends FileKind['kind']>(...kinds: K[]) =>
    located.filter((l): l is Located<K> => (kinds as string[]).includes(l.type.kind));
  const volume = isVolume(request.space);
  const sameSpace = (space?: NsdSpace) => space === undefined || space === request.space;

  const betas = of('betas-volume', 'betas-surface').filter((b) =>
    b.type.kind === 'betas-volume'
      ? volume && sameSpace(b.type.space)
      : !volume && b.type.space === request.space && b.type.hemi === request.hemi,
  );
  betas.sort((a, b) => a.type.session - b.type.session);

  const design = of('design-mat', 'design-responses', 'design-stiminfo').sort(
    (a, b) => DESIGN_PREFERENCE.indexOf(a.type.kind) - DESIGN_PREFERENCE.indexOf(b.type.kind),
  )[0];
  const ncsnr = of('ncsnr-volume', 'ncsnr-surface').find((n) =>
    n.type.kind === 'ncsnr-volume'
      ? volume && sameSpace(n.type.space)
      : !volume && n.type.hemi === request.hemi && sameSpace(n.type.space),
  );
  const rois = of('roi-volume', 'roi-surface').filter((r) =>
    r.type.kind === 'roi-volume'
      ? volume && r.type.hemi === undefined && sameSpace(r.type.space)
      : !volume && r.type.hemi === request.hemi,
  );

  // Prefer the subject's own label table over fsaverage's copy of the same name.
  const labelTables = new Map<string, InputFile>();
  for (const t of of('label-table').sort(
    (a, b) => Number(b.file.path.includes('fsaverage')) - Number(a.file.path.includes('fsaverage')),
  )) {
    labelTables.set(t.type.name, t.file);
  }

  const where = `subj${String(request.subject).padStart(2, '0')} ${request.space}${request.hemi ? ` ${request.hemi}` : ''}`;
  const missing: string[] = [];
  if (!volume && !request.hemi) missing.push(`choose a hemisphere (lh or rh) for ${request.space} data`);
  if (betas.length === 0) {
    missing.push(
      volume
        ? `no betas_sessionNN.hdf5 files for ${where}`
        : `no ${request.hemi ?? 'lh/rh'}.betas_sessionNN.${request.space === 'fsaverage' ? 'mgh' : 'hdf5'} files for ${where}`,
    );
  }
  if (!design) missing.push('no design file (nsd_expdesign.mat, responses.tsv or nsd_stim_info_merged.csv)');
  if (!of('stimuli').length) missing.push('no nsd_stimuli.hdf5 (the images)');
  if (volume && !request.roi)
    missing.push(
      `choose an ROI set to select voxels (${rois.map((r) => r.type.name).join(', ') || 'none found'})`,
    );
  if (request.roi && !rois.some((r) => r.type.name === request.roi)) {
    missing.push(
      `no ROI file named ${request.roi} for ${where} (found: ${rois.map((r) => baseName(r.file.path)).join(', ') || 'none'})`,
    );
  }
  return {
    betas,
    design,
    stimuli: of('stimuli')[0],
    ncsnr,
    rois,
    labelTables,
    surfaces: of('surface').filter((s) => s.type.hemi === request.hemi),
    missing,
  };
}
