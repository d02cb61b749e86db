import { useEffect, useState } from 'react';
import { estimateSecondsLeft, formatEta } from '../core/jobs/progress';
import { cancelJob } from './jobs';
import { useStudio, type JobView } from './store';

/** The time, refreshed once a second while jobs run, so ETAs count down between progress messages. */
function useClock(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** ETA as of the last progress message, minus the time since it arrived. */
function etaText(job: JobView, now: number): string {
  const atUpdate = estimateSecondsLeft(job.updatedAt - job.startedAt, job.fraction);
  return formatEta(atUpdate === undefined ? undefined : Math.max(0, atUpdate - (now - job.updatedAt) / 1000));
}

function JobRow({ job, now }: { job: JobView; now: number }) {
  const dismiss = useStudio((s) => s.dismissJob);
  const eta = etaText(job, now);
  return (
    <li className={`job ${job.state}`} data-testid="job" data-state={job.state}>
      <div className="job-title">{job.title}</div>
      <progress max={1} value={job.fraction} aria-label={`${job.title} progress`} />
      <div className="job-detail">
        {job.state === 'running' && (
          <>
            <span>
              {Math.round(job.fraction * 100)}% · {job.message} · {eta}
            </span>
            <button onClick={() => cancelJob(job.id)}>Cancel</button>
          </>
        )}
        {job.state === 'done' && <span>done in {((job.updatedAt - job.startedAt) / 1000).toFixed(1)} s</span>}
        {job.state === 'cancelled' && <span>cancelled</span>}
        {job.state === 'failed' && <span className="error">failed: {job.error}</span>}
        {job.state !== 'running' && (
          <button className="link" onClick={() => dismiss(job.id)} aria-label={`Dismiss ${job.title}`}>
            ×
          </button>
        )}
      </div>
    </li>
  );
}

export function JobList() {
  const jobs = useStudio((s) => s.jobs);
  const now = useClock(jobs.some((j) => j.state === 'running'));
  return (
    <section className="jobs" aria-label="Jobs">
      <h2>Jobs</h2>
      {jobs.length === 0 ? (
        <p className="muted">No jobs yet.</p>
      ) : (
        <ul>
          {[...jobs].reverse().map((job) => (
            <JobRow key={job.id} job={job} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}
