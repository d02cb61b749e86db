/**
 * The job model shared by every long operation, in workers, the UI and the CLI.
 * A job reports progress through a `JobContext`; checkpoints also give the caller a chance
 * to cancel and keep the thread responsive (they yield to the event loop now and then).
 */

export interface ProgressUpdate {
  /** 0..1 */
  fraction: number;
  message: string;
}

export interface JobContext {
  /** Report progress; throws `CancelledError` if the job was cancelled; may yield to the event loop. */
  checkpoint(fraction: number, message: string): Promise<void>;
}

export class CancelledError extends Error {
  constructor(message = 'Cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

export interface ContextOptions {
  onProgress?: (update: ProgressUpdate) => void;
  isCancelled?: () => boolean;
  /** Yield to the event loop when this many ms passed since the last yield. */
  yieldEveryMs?: number;
  now?: () => number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function createJobContext(options: ContextOptions = {}): JobContext {
  const now = options.now ?? (() => performance.now());
  const yieldEveryMs = options.yieldEveryMs ?? 30;
  let lastYield = now();
  return {
    async checkpoint(fraction, message) {
      if (now() - lastYield >= yieldEveryMs) {
        await yieldToEventLoop();
        lastYield = now();
      }
      if (options.isCancelled?.()) throw new CancelledError();
      options.onProgress?.({ fraction: Math.min(1, Math.max(0, fraction)), message });
    },
  };
}

/** A context for callers that need no progress (tests, small inputs). */
export const silentContext: JobContext = createJobContext();

/** Progress of a sub-step mapped into [start, end) of the parent's range. */
export function subContext(parent: JobContext, start: number, end: number): JobContext {
  return { checkpoint: (f, m) => parent.checkpoint(start + (end - start) * f, m) };
}

/** Estimated seconds left from elapsed time and fraction done; undefined until there is a basis. */
export function estimateSecondsLeft(elapsedMs: number, fraction: number): number | undefined {
  if (fraction <= 0.01 || elapsedMs < 250) return undefined;
  if (fraction >= 1) return 0;
  return ((elapsedMs / fraction) * (1 - fraction)) / 1000;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined) return 'estimating…';
  if (seconds < 1) return '<1 s left';
  if (seconds < 90) return `${Math.round(seconds)} s left`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min left` : `${(seconds / 3600).toFixed(1)} h left`;
}

/** Pass progress on at most every `intervalMs` (always the first and the final update). */
export function throttleProgress(
  send: (update: ProgressUpdate) => void,
  intervalMs = 50,
  now: () => number = () => performance.now(),
): (update: ProgressUpdate) => void {
  let last = -Infinity;
  return (update) => {
    const t = now();
    if (t - last >= intervalMs || update.fraction >= 1) {
      last = t;
      send(update);
    }
  };
}
