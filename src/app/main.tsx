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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// A file dropped outside the drop zone must not navigate away from the studio (and lose the session).
for (const type of ['dragover', 'drop']) window.addEventListener(type, (e) => e.preventDefault());

void openBackend(backendPreferenceFromUrl(location.search));
void loadDemo(DEFAULT_DEMO);

// `npm run bench` and the browser conformance tests drive the page through this hook; it exists only on
// ?bench pages.
if (new URLSearchParams(location.search).has('bench')) {
  Object.assign(window, {
    __boldstudioBench: { roundTrip: measureRoundTrip, runTaps, inputGradient, timeGradient, benchRidge },
  });
}
