/** Job progress for terminals: one updating line on stderr with percent, message and ETA. */
import { createJobContext, estimateSecondsLeft, formatEta, type JobContext } from '../core/jobs/progress';

export function terminalProgress(title: string, stream: NodeJS.WriteStream = process.stderr): JobContext {
  const started = performance.now();
  let cancelled = false;
  process.once('SIGINT', () => (cancelled = true));
  let lastLength = 0;
  return createJobContext({
    isCancelled: () => cancelled,
    onProgress: ({ fraction, message }) => {
      if (!stream.isTTY && fraction < 1) return;
      const eta = formatEta(estimateSecondsLeft(performance.now() - started, fraction));
      const line = `${title}: ${Math.round(fraction * 100)}% ${message} (${eta})`;
      stream.write(stream.isTTY ? `\r${line.padEnd(lastLength)}` : `${line}\n`);
      lastLength = line.length;
      if (fraction >= 1 && stream.isTTY) stream.write('\n');
    },
  });
}
