/**
 * Page side of the job runtime (worker side: workers/runtime.ts). Runs named jobs in a worker with
 * progress and cancel; when the worker faults or dies, every pending job fails with a readable
 * message and a fresh worker takes its place, so the app stays usable.
 */
import { wrap, proxy, transfer, type Remote } from 'comlink';
import type { ProgressUpdate } from '../core/jobs/progress';
import type { JobTable, WorkerEndpoint, WorkerFault } from '../../workers/runtime';

export interface JobHandle<R> {
  id: string;
  promise: Promise<R>;
  cancel(): void;
}

type Args<F> = F extends (args: infer A, ...rest: never[]) => unknown ? A : never;
type Result<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

interface Live {
  worker: Worker;
  remote: Remote<WorkerEndpoint>;
  ready: Promise<void>;
  stopWatching: AbortController;
}

let counter = 0;

export class WorkerClient<Jobs extends JobTable> {
  private live: Live | undefined;
  private readonly pending = new Map<string, (error: Error) => void>();

  constructor(
    readonly label: string,
    private readonly spawn: (name: string) => Worker,
    private readonly onFault: (message: string) => void,
  ) {}

  run<K extends keyof Jobs & string>(
    name: K,
    args: Args<Jobs[K]>,
    onProgress: (update: ProgressUpdate) => void = () => {},
    /** Objects moved, not copied, to the worker (e.g. a MessagePort inside `args`). */
    transferables: Transferable[] = [],
  ): JobHandle<Result<Jobs[K]>> {
    const id = `${this.label}-${++counter}`;
    const live = this.current();
    const promise = new Promise<Result<Jobs[K]>>((resolve, reject) => {
      this.pending.set(id, reject);
      live.ready
        .then(() =>
          live.remote.run(
            id,
            name,
            transferables.length ? transfer(args, transferables) : args,
            proxy(onProgress),
          ),
        )
        .then((value) => resolve(value as Result<Jobs[K]>), reject)
        .finally(() => this.pending.delete(id));
    });
    return { id, promise, cancel: () => void live.remote.cancel(id) };
  }

  /** Resolves when the worker is up and holding its liveness lock. */
  ready(): Promise<void> {
    return this.current().ready;
  }

  dispose(): void {
    if (!this.live) return;
    this.live.stopWatching.abort();
    this.live.worker.terminate();
    this.live = undefined;
  }

  private current(): Live {
    this.live ??= this.start();
    return this.live;
  }

  private start(): Live {
    const name = `boldstudio-${this.label}-${Date.now()}-${++counter}`;
    const worker = this.spawn(name);
    const remote = wrap<WorkerEndpoint>(worker);
    const stopWatching = new AbortController();
    const live: Live = { worker, remote, stopWatching, ready: remote.ready() };

    worker.addEventListener('message', (event: MessageEvent<WorkerFault>) => {
      if (event.data?.type === 'boldstudio-worker-fault') this.fail(live, event.data.message);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.fail(live, event.message || 'the worker script failed to load');
    });
    // Granted only once the worker no longer holds its lock, i.e. once it is gone.
    void live.ready.then(() =>
      navigator.locks
        .request(name, { signal: stopWatching.signal }, () => this.fail(live, 'it stopped unexpectedly'))
        .catch(() => {}),
    );
    return live;
  }

  private fail(live: Live, reason: string) {
    if (this.live !== live) return;
    live.stopWatching.abort();
    live.worker.terminate();
    this.live = undefined;
    const message = `The ${this.label} worker failed: ${reason}`;
    for (const reject of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.onFault(message);
  }
}
