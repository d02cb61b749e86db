import { adapterName, describeBackend } from '../core/compute/backend';
import { useStudio } from './store';

export function StatusBar() {
  const backend = useStudio((s) => s.backend);
  const error = useStudio((s) => s.backendError);
  const running = useStudio((s) => s.jobs.filter((j) => j.state === 'running').length);
  const isolated = globalThis.crossOriginIsolated;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span data-testid="backend" title={backend?.reason}>
        Compute: {backend ? describeBackend(backend) : error ? `unavailable — ${error}` : 'checking…'}
        {backend && (
          <small>
            {' '}
            ({backend.reason}; self-test {backend.selfTestMs.toFixed(1)} ms)
          </small>
        )}
      </span>
      {backend && (
        <span data-testid="adapter">
          WebGPU adapter:{' '}
          {backend.adapter.available ? adapterName(backend.adapter) : `none (${backend.adapter.reason})`}
        </span>
      )}
      <span data-testid="isolation" className={isolated ? 'ok' : 'warn'}>
        {isolated ? 'cross-origin isolated' : 'not cross-origin isolated: wasm runs single-threaded'}
      </span>
      <span data-testid="running-jobs">
        {running ? `${running} job${running > 1 ? 's' : ''} running` : 'idle'}
      </span>
    </footer>
  );
}
