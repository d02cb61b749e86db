/**
 * Worker side of the job runtime: exposes a worker's jobs over comlink with progress, cancel and
 * fault reporting. The client side is src/app/workerClient.ts.
 *
 * Liveness: the worker holds a Web Lock named after itself for its whole life; the page asks for the
 * same lock and is granted it exactly when the worker is gone (closed, crashed or out of memory).
 */
import { expose } from 'comlink';
import {
  CancelledError,
  createJobContext,
  throttleProgress,
  type JobContext,
  type ProgressUpdate,
} from '../src/core/jobs/progress';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JobHandler = (args: any, ctx: JobContext) => Promise<unknown>;
export type JobTable = Record<string, JobHandler>;

/** The comlink surface every worker exposes. */
export interface WorkerEndpoint {
  /** Resolves once the worker holds its liveness lock. */
  ready(): Promise<void>;
  run(
    jobId: string,
    name: string,
    args: unknown,
    onProgress: (update: ProgressUpdate) => void,
  ): Promise<unknown>;
  cancel(jobId: string): void;
}

/** Posted outside comlink when something fails that no job promise will report. */
export interface WorkerFault {
  type: 'boldstudio-worker-fault';
  message: string;
}

function reportFault(message: string) {
  self.postMessage({ type: 'boldstudio-worker-fault', message } satisfies WorkerFault);
}

export function exposeJobs(jobs: JobTable): void {
  const cancelled = new Set<string>();
  const lockHeld = new Promise<void>((resolve) => {
    void navigator.locks.request(self.name, () => {
      resolve();
      return new Promise<never>(() => {});
    });
  });

  self.addEventListener('unhandledrejection', (event) => {
    reportFault(String((event.reason as Error)?.message ?? event.reason));
  });
  self.addEventListener('error', (event) => {
    reportFault(event.message || 'uncaught error');
  });

  const endpoint: WorkerEndpoint = {
    ready: () => lockHeld,
    async run(jobId, name, args, onProgress) {
      const job = jobs[name];
      if (!job) throw new Error(`unknown job "${name}"`);
      // Each update is a message to the page: send a few per second, not one per checkpoint.
      const ctx = createJobContext({
        onProgress: throttleProgress(onProgress),
        isCancelled: () => cancelled.has(jobId),
      });
      try {
        return await job(args, ctx);
      } catch (error) {
        if (error instanceof CancelledError) throw new CancelledError();
        throw error;
      } finally {
        cancelled.delete(jobId);
      }
    },
    cancel(jobId) {
      cancelled.add(jobId);
    },
  };
  expose(endpoint);
}
