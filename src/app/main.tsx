import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { DEFAULT_DEMO } from '../core/demo';
import {
  backendPreferenceFromUrl,
  inputGradient,
  loadDemo,
  measureRoundTrip,
  openBackend,
  runTaps,
  timeGradient,
} from './actions';
import { App } from './App';
import { benchRidge } from './benchRidge';
import './styles.css';

const root = document.getElementById('root')!;
const surfaceSandbox = new URLSearchParams(location.search).get('surface-sandbox');
if (surfaceSandbox !== null) {
  // Only the surface view, for e2e/viewer.spec.ts and bench/viewer.ts; loaded on demand.
  void import('./panels/SurfaceSandbox').then((m) => m.mountSurfaceSandbox(root, surfaceSandbox));
} else {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  void openBackend(backendPreferenceFromUrl(location.search));
  void loadDemo(DEFAULT_DEMO);
}

// A file dropped outside the drop zone must not navigate away from the studio (and lose the session).
for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());

// `npm run bench` and the browser conformance tests drive the page through this hook; it exists only on
// ?bench pages.
if (new URLSearchParams(location.search).has('bench')) {
  Object.assign(window, {
    __boldstudioBench: { roundTrip: measureRoundTrip, runTaps, inputGradient, timeGradient, benchRidge },
  });
}
