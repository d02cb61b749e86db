/** The studio's workers. `new Worker(new URL(...))` must stay literal here so Vite bundles each worker. */
import type { DataJobs } from '../../workers/data.worker';
import type { FittingJobs } from '../../workers/fitting.worker';
import type { InferenceJobs } from '../../workers/inference.worker';
import { useStudio } from './store';
import { WorkerClient } from './workerClient';

const reportFault = (message: string) => useStudio.getState().notify('error', message);

export const dataWorker = new WorkerClient<DataJobs>(
  'data',
  (name) => new Worker(new URL('../../workers/data.worker.ts', import.meta.url), { type: 'module', name }),
  reportFault,
);

export const inferenceWorker = new WorkerClient<InferenceJobs>(
  'inference',
  (name) =>
    new Worker(new URL('../../workers/inference.worker.ts', import.meta.url), { type: 'module', name }),
  reportFault,
);

export const fittingWorker = new WorkerClient<FittingJobs>(
  'fitting',
  (name) => new Worker(new URL('../../workers/fitting.worker.ts', import.meta.url), { type: 'module', name }),
  reportFault,
);
