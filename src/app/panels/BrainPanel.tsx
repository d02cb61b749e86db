import { useMemo, useRef, useState } from 'react';
import { unitsToVertices } from '../../core/bundle/vertexMap';
import { Colorbar } from '../../viewer/Colorbar';
import { valueExtent } from '../../viewer/scale';
import { surfaceChoices } from '../../viewer/surfaces';
import { SurfaceView, type Overlay, type SurfaceViewHandle, type ViewPreset } from '../../viewer/SurfaceView';
import { saveAs } from '../actions';
import { availableMap, brainMap, mapOptions, vertexReadout, type MapKey } from '../brainMaps';
import { useStudio } from '../store';
import { SurfaceToolbar, type ScaleSettings } from './SurfaceToolbar';

const VIEWS: ViewPreset[] = ['lateral', 'medial', 'ventral', 'posterior', 'dorsal', 'anterior'];

export function BrainPanel() {
  const subject = useStudio((s) => s.subject);
  const fit = useStudio((s) => s.fit.open);
  const wanted = useStudio((s) => s.brainMap);
  const setBrainMap = useStudio((s) => s.setBrainMap);
  const [view, setView] = useState<ViewPreset>('lateral');
  const [picked, setPicked] = useState<{ hemisphere: 'lh' | 'rh'; vertex: number } | undefined>();

  const [surface, setSurface] = useState('pial');
  /** The user's colour scale for one map; a different map starts from its own defaults. */
  const [scaleEdit, setScaleEdit] = useState<{ key: MapKey; scale: ScaleSettings }>();
  const [outlined, setOutlined] = useState(false);
  const viewRef = useRef<SurfaceViewHandle>(null);

  const hemispheres = useMemo(() => subject?.hemispheres ?? [], [subject]);
  const surfaces = useMemo(() => surfaceChoices(hemispheres), [hemispheres]);
  const shownSurface = surfaces.includes(surface) ? surface : surfaces[0];
  const vertexCounts = useMemo(() => hemispheres.map((h) => h.sulc.length), [hemispheres]);
  const options = useMemo(() => (subject ? mapOptions(subject, fit) : []), [subject, fit]);
  const key = options.length ? availableMap(options, wanted) : wanted;
  const map = useMemo(
    () => (subject && vertexCounts.length ? brainMap(subject, fit, key, vertexCounts) : undefined),
    [subject, fit, key, vertexCounts],
  );
  const base = map && 'overlay' in map ? map.overlay : undefined;
  const extent = useMemo(() => (base?.kind === 'scalar' ? valueExtent(base.values) : undefined), [base]);
  const scale = useMemo<ScaleSettings | undefined>(() => {
    if (base?.kind !== 'scalar') return undefined;
    if (scaleEdit?.key === key) return scaleEdit.scale;
    return {
      vmin: base.vmin,
      vmax: base.vmax,
      threshold: base.threshold ?? 0,
      symmetric: base.symmetric ?? false,
    };
  }, [base, key, scaleEdit]);
  const overlay = useMemo<Overlay | undefined>(
    () => (base?.kind === 'scalar' && scale ? { ...base, ...scale } : base),
    [base, scale],
  );
  // ROI outlines of the subject's first ROI set, drawn over any map.
  const outlines = useMemo(() => {
    const roi = subject?.rois[0];
    if (!subject || !roi || !vertexCounts.length) return undefined;
    return {
      labels: unitsToVertices(subject.units, vertexCounts, roi.labels, 0),
      labelNames: roi.labelNames,
    };
  }, [subject, vertexCounts]);

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
      <SurfaceToolbar
        surfaces={surfaces}
        surface={shownSurface}
        onSurfaceChange={setSurface}
        scale={scale}
        extent={extent}
        onScaleChange={(next) => setScaleEdit({ key, scale: next })}
        outlines={outlines ? outlined : undefined}
        onOutlinesChange={setOutlined}
        onSavePNG={() =>
          void viewRef.current
            ?.screenshotPNG()
            .then((png) => saveAs(png, `${subject.summary.subject}-${key.replace(/[^\w-]+/g, '_')}.png`))
        }
      />
      <div className="viewer-frame">
        <SurfaceView
          ref={viewRef}
          hemispheres={hemispheres}
          surface={shownSurface}
          overlay={overlay}
          outlines={outlined ? outlines : undefined}
          view={view}
          onPick={setPicked}
        />
      </div>
      {map && 'problem' in map && (
        <p className="error" data-testid="map-problem">
          {map.problem}
        </p>
      )}
      {map && 'overlay' in map && overlay && <Colorbar overlay={overlay} unit={map.unit} />}
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
      {picked && (
        <ul data-testid="pick-all" className="muted pick-all">
          {vertexReadout(subject, fit, picked.hemisphere === 'rh' ? 1 : 0, picked.vertex).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
