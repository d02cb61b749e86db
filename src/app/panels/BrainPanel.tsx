import { useMemo, useState } from 'react';
import { unitsToVertices } from '../../core/bundle/vertexMap';
import type { SubjectView } from '../../../workers/data.worker';
import { Colorbar } from '../../viewer/Colorbar';
import { SurfaceView, type Overlay, type ViewPreset } from '../../viewer/SurfaceView';
import { useStudio } from '../store';

type MapChoice = { kind: 'roi'; set: string } | { kind: 'noise-ceiling' };

function overlayFor(subject: SubjectView, choice: MapChoice, vertexCounts: number[]): Overlay {
  if (choice.kind === 'noise-ceiling') {
    return {
      kind: 'scalar',
      values: unitsToVertices(subject.units, vertexCounts, subject.noiseCeiling, NaN),
      colormap: 'hot',
      vmin: 0,
      vmax: 100,
    };
  }
  const roi = subject.rois.find((r) => r.name === choice.set) ?? subject.rois[0];
  return {
    kind: 'categorical',
    values: unitsToVertices(subject.units, vertexCounts, roi.labels, 0),
    labelNames: roi.labelNames,
  };
}

const VIEWS: ViewPreset[] = ['lateral', 'medial', 'ventral', 'posterior', 'dorsal', 'anterior'];

export function BrainPanel() {
  const subject = useStudio((s) => s.subject);
  const [choice, setChoice] = useState<MapChoice>({ kind: 'roi', set: 'visual' });
  const [view, setView] = useState<ViewPreset>('lateral');
  const [picked, setPicked] = useState<{ hemisphere: 'lh' | 'rh'; vertex: number } | undefined>();

  const hemispheres = useMemo(
    () =>
      (subject?.hemispheres ?? []).map((h) => ({
        name: h.name,
        mesh: h.surfaces.pial ?? h.surfaces.white ?? Object.values(h.surfaces)[0],
        sulc: h.sulc,
      })),
    [subject],
  );
  const vertexCounts = useMemo(() => hemispheres.map((h) => h.mesh.positions.length / 3), [hemispheres]);
  const overlay = useMemo(
    () => (subject ? overlayFor(subject, choice, vertexCounts) : undefined),
    [subject, choice, vertexCounts],
  );

  if (!subject || hemispheres.length === 0) {
    return (
      <p className="muted">
        This subject carries no cortical surface (volume-space bundles are shown once the viewer can project
        voxels or draw them as a cloud).
      </p>
    );
  }
  const pickedIndex = picked ? (picked.hemisphere === 'rh' ? vertexCounts[0] : 0) + picked.vertex : undefined;

  return (
    <section className="brain">
      <div className="row">
        <label>
          Map{' '}
          <select
            value={choice.kind === 'roi' ? `roi:${choice.set}` : 'noise-ceiling'}
            onChange={(e) =>
              setChoice(
                e.target.value === 'noise-ceiling'
                  ? { kind: 'noise-ceiling' }
                  : { kind: 'roi', set: e.target.value.slice(4) },
              )
            }
          >
            {subject.rois.map((r) => (
              <option key={r.name} value={`roi:${r.name}`}>
                ROIs: {r.name}
              </option>
            ))}
            <option value="noise-ceiling">Noise ceiling (%)</option>
          </select>
        </label>
        <label>
          View{' '}
          <select value={view} onChange={(e) => setView(e.target.value as ViewPreset)}>
            {VIEWS.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="viewer-frame">
        <SurfaceView hemispheres={hemispheres} overlay={overlay} view={view} onPick={setPicked} />
      </div>
      {overlay && <Colorbar overlay={overlay} unit={choice.kind === 'noise-ceiling' ? '% variance' : ''} />}
      <p data-testid="pick-info" className="muted">
        {picked && overlay && pickedIndex !== undefined
          ? `${picked.hemisphere} vertex ${picked.vertex}: ${
              overlay.kind === 'categorical'
                ? (overlay.labelNames[overlay.values[pickedIndex] - 1] ?? 'unlabelled')
                : overlay.values[pickedIndex].toFixed(1)
            }`
          : 'Click the surface to read a vertex.'}
      </p>
    </section>
  );
}
