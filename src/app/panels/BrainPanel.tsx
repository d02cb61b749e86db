import { useMemo, useRef, useState } from 'react';
import type { HemisphereName } from '../../core/bundle/types';
import { unitsToVertices } from '../../core/bundle/vertexMap';
import { EMPTY_SURFACE_SET, vertexCounts as countsOf } from '../../core/formats/surfaceSet';
import { Colorbar } from '../../viewer/Colorbar';
import { valueExtent } from '../../viewer/scale';
import { surfaceChoices } from '../../viewer/surfaces';
import { SurfaceView, type Overlay, type SurfaceViewHandle, type ViewPreset } from '../../viewer/SurfaceView';
import { VoxelView, type VoxelViewHandle } from '../../viewer/VoxelView';
import { saveAs } from '../actions';
import {
  availableMap,
  brainMap,
  mapOptions,
  unitReadout,
  vertexReadout,
  type BrainMap,
  type MapKey,
  type PlaceUnits,
} from '../brainMaps';
import { loadedMapOptions, loadedOverlay, loadedReadout } from '../loadedMaps';
import { useStudio } from '../store';
import { projectionSurface, voxelsToVertices } from '../voxelMaps';
import { projectionDistance, voxelCentres, voxelSize } from '../../core/bundle/voxelProjection';
import { AddSurfaceFiles } from './AddSurfaceFiles';
import { SurfaceToolbar, type ScaleSettings } from './SurfaceToolbar';

const VIEWS: ViewPreset[] = ['lateral', 'medial', 'ventral', 'posterior', 'dorsal', 'anterior'];

/** The overlay's value at `index` as the pick readout writes it: a label's name, or a number. */
function formatValue(overlay: Overlay, index: number): string {
  if (overlay.kind === 'categorical') return overlay.labelNames[overlay.values[index] - 1] ?? 'unlabelled';
  // r maps (within ±1) need more digits than percentages.
  return overlay.values[index].toFixed(Math.max(-overlay.vmin, overlay.vmax) <= 1 ? 3 : 1);
}

export function BrainPanel() {
  const subject = useStudio((s) => s.subject);
  const fit = useStudio((s) => s.fit.open);
  const wanted = useStudio((s) => s.brainMap);
  const setBrainMap = useStudio((s) => s.setBrainMap);
  const loaded = useStudio((s) => s.loadedSurfaces);
  const setLoaded = useStudio((s) => s.setLoadedSurfaces);
  const [view, setView] = useState<ViewPreset>('lateral');
  const [source, setSource] = useState<'subject' | 'loaded'>('subject');

  const [surface, setSurface] = useState('pial');
  /** The user's colour scale for one map; a different map starts from its own defaults. */
  const [scaleEdit, setScaleEdit] = useState<{ key: MapKey; scale: ScaleSettings }>();
  const [outlined, setOutlined] = useState(false);
  const viewRef = useRef<SurfaceViewHandle>(null);
  const voxelRef = useRef<VoxelViewHandle>(null);

  const subjectHemispheres = useMemo(() => subject?.hemispheres ?? [], [subject]);
  // Loaded surfaces when chosen, or when the subject has none of its own.
  const showLoaded =
    loaded.hemispheres.length > 0 && (source === 'loaded' || subjectHemispheres.length === 0);
  const hemispheres = showLoaded ? loaded.hemispheres : subjectHemispheres;
  /** A pick belongs to the surfaces it was made on. */
  const [pickedOn, setPickedOn] = useState<{ on: unknown; hemisphere: HemisphereName; vertex: number }>();
  const picked = pickedOn?.on === hemispheres ? pickedOn : undefined;
  // A volume subject with no surfaces shown is drawn as a cloud of its voxels.
  const cloud = !!subject?.units.voxels && !!subject.units.affine && hemispheres.length === 0;
  const centres = useMemo(
    () => (cloud && subject ? voxelCentres(subject.units) : undefined),
    [cloud, subject],
  );
  /** A voxel pick belongs to the subject it was made on. */
  const [voxelPickOn, setVoxelPickOn] = useState<{ on: unknown; voxel: number }>();
  const pickedVoxel = voxelPickOn && voxelPickOn.on === subject ? voxelPickOn.voxel : undefined;
  const surfaces = useMemo(() => surfaceChoices(hemispheres), [hemispheres]);
  const shownSurface = surfaces.includes(surface) ? surface : surfaces[0];
  const vertexCounts = useMemo(() => hemispheres.map((h) => h.sulc.length), [hemispheres]);
  const counts = useMemo(() => countsOf(hemispheres), [hemispheres]);
  // The subject's maps sit on its own vertices: loaded surfaces can show them only with the same vertices.
  const subjectFits =
    subjectHemispheres.length === hemispheres.length &&
    subjectHemispheres.every((h, i) => h.name === hemispheres[i].name && h.sulc.length === vertexCounts[i]);
  // A volume subject's maps are projected onto loaded surfaces (it has none of its own); the cloud
  // draws one point per unit, so there its values stay per unit.
  const place = useMemo((): PlaceUnits | undefined => {
    if (subject?.units.voxels && showLoaded) return voxelsToVertices(subject.units, hemispheres);
    return cloud ? (values) => values : undefined;
  }, [subject, showLoaded, hemispheres, cloud]);
  const subjectMaps = subjectFits || !!place;
  const options = useMemo(
    () => [
      ...(subject && subjectMaps ? mapOptions(subject, fit) : []),
      ...loadedMapOptions(loaded.maps, counts),
    ],
    [subject, subjectMaps, fit, loaded, counts],
  );
  const key = options.length ? availableMap(options, wanted) : wanted;
  const map = useMemo((): BrainMap | undefined => {
    const own = loaded.maps.find((m) => `loaded:${m.name}` === key);
    if (own)
      return {
        overlay: loadedOverlay(
          own,
          hemispheres.map((h) => h.name),
          counts,
        ),
        unit: own.name,
      };
    return subject && subjectMaps && (vertexCounts.length || cloud)
      ? brainMap(subject, fit, key, vertexCounts, place)
      : undefined;
  }, [subject, subjectMaps, fit, key, vertexCounts, loaded, hemispheres, counts, place, cloud]);
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
    if (!subject || !subjectMaps || !roi || !vertexCounts.length) return undefined;
    return {
      labels: place ? place(roi.labels, 0) : unitsToVertices(subject.units, vertexCounts, roi.labels, 0),
      labelNames: roi.labelNames,
    };
  }, [subject, subjectMaps, vertexCounts, place]);

  if (!subject || (hemispheres.length === 0 && !cloud)) {
    return (
      <section className="brain">
        <p className="muted">
          This subject carries no cortical surface. Add surfaces to see your own maps on them.
        </p>
        <AddSurfaceFiles />
      </section>
    );
  }
  const pickedIndex = picked ? (picked.hemisphere === 'rh' ? vertexCounts[0] : 0) + picked.vertex : undefined;

  return (
    <section className="brain">
      <AddSurfaceFiles />
      <div className="row">
        {loaded.hemispheres.length > 0 && (
          <>
            {subjectHemispheres.length > 0 && (
              <label>
                Surfaces{' '}
                <select
                  value={showLoaded ? 'loaded' : 'subject'}
                  onChange={(e) => setSource(e.target.value as 'subject' | 'loaded')}
                >
                  <option value="subject">subject's</option>
                  <option value="loaded">loaded</option>
                </select>
              </label>
            )}
            <button type="button" onClick={() => setLoaded(EMPTY_SURFACE_SET)}>
              Clear loaded
            </button>
          </>
        )}
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
          void (cloud ? voxelRef : viewRef).current
            ?.screenshotPNG()
            .then((png) => saveAs(png, `${subject.summary.subject}-${key.replace(/[^\w-]+/g, '_')}.png`))
        }
      />
      <div className="viewer-frame">
        {centres && subject.units.affine ? (
          <VoxelView
            ref={voxelRef}
            centres={centres}
            voxelSize={voxelSize(subject.units.affine)}
            overlay={overlay}
            view={view}
            onPick={(voxel) => setVoxelPickOn({ voxel, on: subject })}
          />
        ) : (
          <SurfaceView
            ref={viewRef}
            hemispheres={hemispheres}
            surface={shownSurface}
            overlay={overlay}
            outlines={outlined ? outlines : undefined}
            view={view}
            onPick={(pick) => setPickedOn({ ...pick, on: hemispheres })}
          />
        )}
      </div>
      {cloud && (
        <p className="muted" data-testid="voxel-note">
          This subject&apos;s maps are voxels, drawn at their centres in scanner space (mm); gray dots have no
          value shown. Add surfaces in the same space to project the maps onto the cortex.
        </p>
      )}
      {place && showLoaded && subject.units.affine && (
        <p className="muted" data-testid="projection-note">
          This subject&apos;s maps are voxels, projected to the nearest vertex of the loaded{' '}
          {projectionSurface(hemispheres)} surface within{' '}
          {projectionDistance(subject.units.affine).toFixed(1)} mm (the voxel diagonal); farther vertices stay
          blank. Voxels and surface must be in the same space.
        </p>
      )}
      {map && 'problem' in map && (
        <p className="error" data-testid="map-problem">
          {map.problem}
        </p>
      )}
      {map && 'overlay' in map && overlay && <Colorbar overlay={overlay} unit={map.unit} />}
      <p data-testid="pick-info" className="muted">
        {cloud
          ? pickedVoxel !== undefined && overlay && subject.units.voxels
            ? `voxel (${subject.units.voxels.subarray(3 * pickedVoxel, 3 * pickedVoxel + 3).join(', ')}): ${formatValue(overlay, pickedVoxel)}`
            : 'Click a voxel to read it.'
          : picked && overlay && pickedIndex !== undefined
            ? `${picked.hemisphere} vertex ${picked.vertex}: ${formatValue(overlay, pickedIndex)}`
            : 'Click the surface to read a vertex.'}
      </p>
      {cloud && pickedVoxel !== undefined && (
        <ul data-testid="pick-all" className="muted pick-all">
          {unitReadout(subject, fit, pickedVoxel).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {picked && (
        <ul data-testid="pick-all" className="muted pick-all">
          {[
            ...(subjectFits
              ? vertexReadout(subject, fit, picked.hemisphere === 'rh' ? 1 : 0, picked.vertex)
              : []),
            ...loadedReadout(loaded.maps, counts, picked.hemisphere, picked.vertex),
          ].map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
