import { useMemo, useState } from 'react';
import { Colorbar } from '../../viewer/Colorbar';
import { SurfaceView, type ViewPreset } from '../../viewer/SurfaceView';
import { availableMap, brainMap, mapOptions, type MapKey } from '../brainMaps';
import { useStudio } from '../store';

const VIEWS: ViewPreset[] = ['lateral', 'medial', 'ventral', 'posterior', 'dorsal', 'anterior'];

export function BrainPanel() {
  const subject = useStudio((s) => s.subject);
  const fit = useStudio((s) => s.fit.open);
  const wanted = useStudio((s) => s.brainMap);
  const setBrainMap = useStudio((s) => s.setBrainMap);
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
  const options = useMemo(() => (subject ? mapOptions(subject, fit) : []), [subject, fit]);
  const key = options.length ? availableMap(options, wanted) : wanted;
  const map = useMemo(
    () => (subject && vertexCounts.length ? brainMap(subject, fit, key, vertexCounts) : undefined),
    [subject, fit, key, vertexCounts],
  );
  const overlay = map && 'overlay' in map ? map.overlay : undefined;

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
          <select value={key} onChange={(e) => setBrainMap(e.target.value as MapKey)}>
            {options.map((o) => (
              <option key={o.key} value={o.key}>
                {o.label}
              </option>
            ))}
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
      {map && 'problem' in map && (
        <p className="error" data-testid="map-problem">
          {map.problem}
        </p>
      )}
      {map && 'overlay' in map && <Colorbar overlay={map.overlay} unit={map.unit} />}
      <p data-testid="pick-info" className="muted">
        {picked && overlay && pickedIndex !== undefined
          ? `${picked.hemisphere} vertex ${picked.vertex}: ${
              overlay.kind === 'categorical'
                ? (overlay.labelNames[overlay.values[pickedIndex] - 1] ?? 'unlabelled')
                : // r maps (within ±1) need more digits than percentages.
                  overlay.values[pickedIndex].toFixed(Math.max(-overlay.vmin, overlay.vmax) <= 1 ? 3 : 1)
            }`
          : 'Click the surface to read a vertex.'}
      </p>
    </section>
  );
}
