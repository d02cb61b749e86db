/**
 * Run a worker job and mirror it in the store (progress, ETA, cancel, outcome).
 * The outcome carries the value, or the error message when the job failed (it is shown in the job
 * list too); a cancelled job has neither.
 */
import type { ProgressUpdate } from '../core/jobs/progress';
import { useStudio } from './store';
import type { JobHandle } from './workerClient';

export interface JobOutcome<R> {
  value?: R;
  error?: string;
}

const cancellers = new Map<string, () => void>();

export function cancelJob(id: string): void {
  cancellers.get(id)?.();
}

export async function runJob<R>(
  title: string,
  start: (onProgress: (update: ProgressUpdate) => void) => JobHandle<R>,
): Promise<JobOutcome<R>> {
  // Progress only arrives after the worker got the job, so `handle` is set by then.
  const handle: JobHandle<R> = start((update) => useStudio.getState().jobProgressed(handle.id, update));
  const id = handle.id;
  useStudio.getState().jobStarted(id, title);
  cancellers.set(id, handle.cancel);
  try {
    const result = await handle.promise;
    useStudio.getState().jobEnded(id, 'done');
    return { value: result };
  } catch (error) {
    const err = error as Error;
    if (err.name === 'CancelledError') {
      useStudio.getState().jobEnded(id, 'cancelled');
      return {};
    }
    useStudio.getState().jobEnded(id, 'failed', err.message);
    return { error: err.message };
  } finally {
    cancellers.delete(id);
  }
}
