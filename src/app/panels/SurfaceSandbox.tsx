/**
 * A page with only the surface view, for the end-to-end test and the viewer benchmark (main.tsx
 * opens it for `?surface-sandbox=…` instead of the studio):
 * - `fsaverage5`: fsaverage5's GIfTI surfaces, sulc and curv, fetched from /surface-sandbox/fsaverage5/
 *   (e2e/viewer.spec.ts serves them from ../shared), curv as the map and synthetic regions, with
 *   the toolbar, the colour bar and a readout of the picked vertex;
 * - `bench`: two 163,842-vertex icospheres (fsaverage's size) in a bare SurfaceScene, and timing
 *   hooks on window.__boldstudioBench for bench/viewer.ts.
 */
import { StrictMode, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { HemisphereName, SurfaceMesh } from '../../core/bundle/types';
import { icosphere } from '../../core/demo/icosphere';
import { readGiftiData, readGiftiSurface } from '../../core/formats/gifti';
import { Colorbar } from '../../viewer/Colorbar';
import { valueExtent } from '../../viewer/scale';
import { SurfaceScene } from '../../viewer/SurfaceScene';
import { SurfaceView, type SurfaceViewHandle } from '../../viewer/SurfaceView';
import { surfaceChoices } from '../../viewer/surfaces';
import {
  VIEW_PRESETS,
  type Outlines,
  type ScalarOverlay,
  type SurfaceHemisphere,
  type SurfacePick,
  type ViewPreset,
} from '../../viewer/types';
import { saveAs } from '../actions';
import { SurfaceToolbar, type ScaleSettings } from './SurfaceToolbar';

const FSAVERAGE5_URL = '/surface-sandbox/fsaverage5/';
/** File stems of the surfaces, by the name the viewer shows. */
const FSAVERAGE5_SURFACES = {
  pial: 'pial',
  white: 'white',
  inflated: 'infl',
  sphere: 'sphere',
  flat: 'flat',
};
const SIDES: Record<HemisphereName, string> = { lh: 'left', rh: 'right' };

/** Synthetic regions: caps of 25° around these sphere directions (x flipped for rh). */
const REGIONS: { name: string; direction: [number, number, number] }[] = [
  { name: 'cap A', direction: [0, -1, 0] },
  { name: 'cap B', direction: [0, 0.9, 0.3] },
  { name: 'cap C', direction: [-0.3, -0.3, 0.9] },
  { name: 'cap D', direction: [-0.85, 0.15, -0.5] },
  { name: 'cap E', direction: [0.8, -0.2, 0.1] },
];
const CAP_COS = Math.cos((25 * Math.PI) / 180);

function regionOf(name: HemisphereName, x: number, y: number, z: number): number {
  const length = Math.hypot(x, y, z) || 1;
  const side = name === 'lh' ? 1 : -1;
  const index = REGIONS.findIndex(
    ({ direction: [dx, dy, dz] }) =>
      (side * dx * x + dy * y + dz * z) / (length * Math.hypot(dx, dy, dz)) > CAP_COS,
  );
  return index + 1;
}

interface SandboxData {
  hemispheres: SurfaceHemisphere[];
  values: Float32Array;
  outlines: Outlines;
}

async function loadFsaverage5(): Promise<SandboxData> {
  const fetchBytes = async (file: string) => {
    const response = await fetch(FSAVERAGE5_URL + file);
    if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const readMap = async (file: string) => (await readGiftiData(await fetchBytes(file))).maps[0].values;
  const hemispheres = await Promise.all(
    (['lh', 'rh'] as const).map(async (name): Promise<SurfaceHemisphere> => {
      const surfaces: Record<string, SurfaceMesh> = {};
      for (const [surface, stem] of Object.entries(FSAVERAGE5_SURFACES))
        surfaces[surface] = await readGiftiSurface(await fetchBytes(`${stem}_${SIDES[name]}.gii.gz`));
      return { name, surfaces, sulc: Float32Array.from(await readMap(`sulc_${SIDES[name]}.gii.gz`)) };
    }),
  );
  const curvs = await Promise.all(hemispheres.map((h) => readMap(`curv_${SIDES[h.name]}.gii.gz`)));
  const values = Float32Array.from([...curvs[0], ...curvs[1]]);
  const labels = new Int32Array(values.length);
  let i = 0;
  for (const h of hemispheres) {
    const p = h.surfaces.sphere.positions;
    for (let v = 0; v < p.length; v += 3) labels[i++] = regionOf(h.name, p[v], p[v + 1], p[v + 2]);
  }
  return { hemispheres, values, outlines: { labels, labelNames: REGIONS.map((r) => r.name) } };
}

function Sandbox({ data }: { data: SandboxData }) {
  const surfaces = useMemo(() => surfaceChoices(data.hemispheres), [data]);
  const extent = useMemo(() => valueExtent(data.values), [data]);
  const [surface, setSurface] = useState('pial');
  const [shown, setShown] = useState<string>();
  const [view, setView] = useState<ViewPreset>('lateral');
  const [scale, setScale] = useState<ScaleSettings>({
    vmin: -0.3,
    vmax: 0.2,
    threshold: 0,
    symmetric: false,
  });
  const [outlined, setOutlined] = useState(true);
  const [picked, setPicked] = useState<SurfacePick>();
  /** Where the picked vertex is drawn, so the test can check it is where the click was. */
  const [pickedAt, setPickedAt] = useState<{ x: number; y: number }>();
  const viewRef = useRef<SurfaceViewHandle>(null);
  const overlay = useMemo<ScalarOverlay>(
    () => ({ kind: 'scalar', values: data.values, colormap: 'RdBu_r', ...scale }),
    [data, scale],
  );
  const index = picked && (picked.hemisphere === 'rh' ? data.hemispheres[0].sulc.length : 0) + picked.vertex;
  return (
    <main style={{ padding: 16 }}>
      <SurfaceToolbar
        surfaces={surfaces}
        surface={surface}
        onSurfaceChange={setSurface}
        scale={scale}
        extent={extent}
        onScaleChange={setScale}
        outlines={outlined}
        onOutlinesChange={setOutlined}
        onSavePNG={() => void viewRef.current?.screenshotPNG().then((png) => saveAs(png, 'surface.png'))}
      />
      <label>
        View{' '}
        <select value={view} onChange={(e) => setView(e.target.value as ViewPreset)}>
          {VIEW_PRESETS.map((v) => (
            <option key={v}>{v}</option>
          ))}
        </select>
      </label>
      <div data-testid="surface-frame" style={{ width: 720, height: 420, margin: '12px 0' }}>
        <SurfaceView
          ref={viewRef}
          hemispheres={data.hemispheres}
          surface={surface}
          overlay={overlay}
          outlines={outlined ? data.outlines : undefined}
          view={view}
          onPick={(pick) => {
            setPicked(pick);
            setPickedAt(viewRef.current?.vertexScreenPosition(pick.hemisphere, pick.vertex));
          }}
          onSurfaceShown={setShown}
        />
      </div>
      <Colorbar overlay={overlay} unit="curvature (1/mm)" style={{ width: 320 }} />
      <p data-testid="surface-shown">{shown ? `showing ${shown}` : 'loading'}</p>
      <p data-testid="pick-info">
        {picked && index !== undefined
          ? `${picked.hemisphere} vertex ${picked.vertex}: ${data.values[index].toFixed(3)} · ${
              data.outlines.labelNames![data.outlines.labels[index] - 1] ?? 'no region'
            }`
          : 'Click the surface to read a vertex.'}
      </p>
      <p data-testid="pick-place">
        {pickedAt && `drawn at ${pickedAt.x.toFixed(1)}, ${pickedAt.y.toFixed(1)}`}
      </p>
    </main>
  );
}

/** fsaverage's size: the icosahedron subdivided 7 times has 163,842 vertices. */
const BENCH_SUBDIVISIONS = 7;

/** Two brain-sized ellipsoids with a wavy sulc, and two overlays to alternate between. */
function benchData() {
  const { positions: unit, faces } = icosphere(BENCH_SUBDIVISIONS);
  const n = unit.length / 3;
  const hemispheres = (['lh', 'rh'] as const).map((name): SurfaceHemisphere => {
    const side = name === 'lh' ? -1 : 1;
    const positions = new Float32Array(unit.length);
    const sulc = new Float32Array(n);
    for (let v = 0; v < n; v++) {
      const [x, y, z] = [unit[3 * v], unit[3 * v + 1], unit[3 * v + 2]];
      positions.set([side * 40 + 35 * x, 80 * y, 55 * z], 3 * v);
      sulc[v] = Math.sin(9 * x + 4 * y) * Math.cos(7 * z - 3 * y);
    }
    return { name, surfaces: { ellipsoid: { positions, faces } }, sulc };
  });
  const overlayValues = [0, 1].map((k) => {
    const values = new Float32Array(2 * n);
    for (let i = 0; i < 2 * n; i++) {
      const v = i % n;
      values[i] = Math.sin(6 * unit[3 * v + 1] + k) * Math.cos(5 * unit[3 * v + 2]);
    }
    return values;
  });
  return { hemispheres, overlayValues };
}

/** Milliseconds of `run` plus a 1-pixel read-back, which waits for the GPU to finish the frame. */
function timeDrawn(gl: WebGL2RenderingContext, run: () => void): number {
  const pixel = new Uint8Array(4);
  const start = performance.now();
  run();
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  return performance.now() - start;
}

/** Per change: the CPU time of `setData` alone, and the time until that change is drawn. */
interface ChangeTimes {
  setData: number[];
  drawn: number[];
}

function mountBench(root: HTMLElement): void {
  const frame = document.createElement('div');
  frame.style.cssText = 'position: relative; width: 960px; height: 540px';
  root.appendChild(frame);
  const scene = new SurfaceScene(frame);
  const gl = frame.querySelector('canvas')!.getContext('webgl2')!;
  const { hemispheres, overlayValues } = benchData();
  let overlay: ScalarOverlay = {
    kind: 'scalar',
    values: overlayValues[0],
    colormap: 'RdBu_r',
    vmin: -1,
    vmax: 1,
  };
  const show = () => scene.setData({ hemispheres, surface: 'ellipsoid', overlay });
  /** Applies `next(i)` `repeats` times, timing setData alone and setData + draw. */
  const timeChanges = (repeats: number, next: (i: number) => ScalarOverlay): ChangeTimes => {
    const times: ChangeTimes = { setData: [], drawn: [] };
    for (let i = 0; i < 2 * repeats; i++) {
      overlay = next(i);
      if (i % 2 === 0) {
        const start = performance.now();
        show();
        times.setData.push(performance.now() - start);
        timeDrawn(gl, () => scene.render());
      } else {
        times.drawn.push(timeDrawn(gl, () => (show(), scene.render())));
      }
    }
    return times;
  };
  const hooks = {
    /** First display: geometry, normals, uploads and the first frame. */
    viewerFirstDraw: () => ({
      ms: timeDrawn(gl, () => (show(), scene.render())),
      vertices: hemispheres.reduce((sum, h) => sum + h.sulc.length, 0),
      canvas: `${gl.drawingBufferWidth}×${gl.drawingBufferHeight}`,
      renderer: gl.getParameter(
        gl.getExtension('WEBGL_debug_renderer_info')?.UNMASKED_RENDERER_WEBGL ?? gl.RENDERER,
      ) as string,
    }),
    /** A new values array each time (alternating two): fill + upload + draw. */
    viewerOverlay: ({ repeats }: { repeats: number }) =>
      timeChanges(repeats, (i) => ({ ...overlay, values: overlayValues[(i + 1) % 2] })),
    /** The same values with a new threshold: uniforms + draw. */
    viewerThreshold: ({ repeats }: { repeats: number }) =>
      timeChanges(repeats, (i) => ({ ...overlay, threshold: ((i + 1) % 10) / 20 })),
    /** Drawing an unchanged frame. */
    viewerFrame: ({ repeats }: { repeats: number }) =>
      Array.from({ length: repeats }, () => timeDrawn(gl, () => scene.render())),
  };
  Object.assign(window, { __boldstudioBench: hooks });
  frame.dataset.ready = 'true';
}

export function mountSurfaceSandbox(root: HTMLElement, source: string): void {
  if (source === 'bench') return mountBench(root);
  const reactRoot = createRoot(root);
  loadFsaverage5().then(
    (data) =>
      reactRoot.render(
        <StrictMode>
          <Sandbox data={data} />
        </StrictMode>,
      ),
    (error: unknown) =>
      reactRoot.render(<p className="error">The sandbox could not load fsaverage5: {String(error)}</p>),
  );
}
