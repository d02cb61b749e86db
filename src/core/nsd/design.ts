/**
 * The NSD experimental design for one subject: which image each stimulus trial showed.
 * Trial t (0-based, chronological over sessions) is index t % 750 of betas_session{floor(t/750)+1}.
 * Three equivalent sources: nsd_expdesign.mat, the subject's responses.tsv, nsd_stim_info_merged.csv.
 */
import { matAt, readMat } from '../formats/matv5';
import { parseTable } from '../formats/table';

export const TRIALS_PER_SESSION = 750;
/** 10k indices up to this are the shared1000 images: the standard test set. */
const SHARED_COUNT = 1000;

export interface TrialDesign {
  /** 0-based nsd id (imgBrick index) per trial; -1 where the source names no image. */
  nsdIds: Int32Array;
  /** 1 where the trial's image is one of the shared1000. */
  shared: Uint8Array;
  /** Whole sessions the design covers. */
  sessions: number;
  source: string;
}

export class DesignError extends Error {
  override name = 'DesignError';
}

function finish(nsdIds: Int32Array, shared: Uint8Array, source: string): TrialDesign {
  return { nsdIds, shared, sessions: Math.floor(nsdIds.length / TRIALS_PER_SESSION), source };
}

export async function designFromMat(
  bytes: Uint8Array,
  subject: number,
  source: string,
): Promise<TrialDesign> {
  const mat = await readMat(bytes);
  const order = mat.get('masterordering');
  const subjectim = mat.get('subjectim');
  if (!order || !subjectim) throw new DesignError(`${source}: no masterordering/subjectim arrays`);
  if (subject < 1 || subject > subjectim.dims[0]) {
    throw new DesignError(`${source}: has ${subjectim.dims[0]} subjects, not subject ${subject}`);
  }
  const n = order.data.length;
  const nsdIds = new Int32Array(n);
  const shared = new Uint8Array(n);
  for (let t = 0; t < n; t++) {
    const tenK = order.data[t];
    nsdIds[t] = matAt(subjectim, subject - 1, tenK - 1) - 1;
    shared[t] = tenK <= SHARED_COUNT ? 1 : 0;
  }
  return finish(nsdIds, shared, source);
}

export function designFromResponses(text: string, subject: number, source: string): TrialDesign {
  const table = parseTable(text);
  const subjects = table.numbers('SUBJECT');
  const id73k = table.numbers('73KID');
  const id10k = table.numbers('10KID');
  const rows: number[] = [];
  for (let r = 0; r < table.rows; r++) if (subjects[r] === subject) rows.push(r);
  if (rows.length === 0) throw new DesignError(`${source}: no trials of subject ${subject}`);
  const nsdIds = Int32Array.from(rows, (r) => id73k[r] - 1);
  const shared = Uint8Array.from(rows, (r) => (id10k[r] <= SHARED_COUNT ? 1 : 0));
  return finish(nsdIds, shared, source);
}

export function designFromStimInfo(text: string, subject: number, source: string): TrialDesign {
  const table = parseTable(text);
  const nsd = table.numbers('nsdId');
  const isShared = table.column('shared1000');
  const reps = [0, 1, 2].map((k) => table.numbers(`subject${subject}_rep${k}`));
  let trials = 0;
  for (const rep of reps) for (const t of rep) trials = Math.max(trials, t);
  const nsdIds = new Int32Array(trials).fill(-1);
  const shared = new Uint8Array(trials);
  for (let r = 0; r < table.rows; r++) {
    for (const rep of reps) {
      // 1-based trial number of this presentation; 0 = not presented.
      if (rep[r] > 0) {
        nsdIds[rep[r] - 1] = nsd[r];
        shared[rep[r] - 1] = isShared[r] === 'True' ? 1 : 0;
      }
    }
  }
  return finish(nsdIds, shared, source);
}

/** Checks that the design names an image for every trial of the given sessions. */
export function checkCoverage(
  design: TrialDesign,
  sessions: number[],
  betasName: (s: number) => string,
): void {
  for (const s of sessions) {
    if (s > design.sessions) {
      throw new DesignError(
        `${design.source} covers ${design.sessions} sessions, but ${betasName(s)} is session ${s}: ` +
          'the design does not cover these betas',
      );
    }
    const start = (s - 1) * TRIALS_PER_SESSION;
    for (let k = 0; k < TRIALS_PER_SESSION; k++) {
      if (design.nsdIds[start + k] < 0) {
        throw new DesignError(
          `${design.source} names no image for trial ${k + 1} of session ${s} (${betasName(s)})`,
        );
      }
    }
  }
}
