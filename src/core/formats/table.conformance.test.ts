import { readFileSync } from 'node:fs';
import { beforeAll, expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { parseTable, type Table } from './table';

const CSV = 'fixtures/nsd-mini/nsddata/experiments/nsd/nsd_stim_info_merged.csv';
const TSV = 'fixtures/nsd-mini/nsddata/ppdata/subj01/behav/responses.tsv';

describeShared('nsd_stim_info_merged.csv and responses.tsv', CSV, () => {
  let csv: Table;
  let responses: Table;
  let parseMs: number;
  beforeAll(() => {
    const text = readFileSync(sharedPath(CSV), 'utf8');
    const start = performance.now();
    csv = parseTable(text);
    parseMs = performance.now() - start;
    responses = parseTable(readFileSync(sharedPath(TSV), 'utf8'));
  });

  it('reads all 73000 rows with the NSD columns, unnamed index first', () => {
    expect(csv.rows).toBe(73000);
    expect(csv.columns).toHaveLength(41);
    expect(csv.columns.slice(0, 9)).toEqual([
      '',
      'cocoId',
      'cocoSplit',
      'cropBox',
      'loss',
      'nsdId',
      'flagged',
      'BOLD5000',
      'shared1000',
    ]);
    expect(csv.columns).toContain('subject8_rep2');
    // Generous bound: parsing takes tens of milliseconds; this only catches a pathological slowdown.
    expect(parseMs).toBeLessThan(2000);
  });

  it('unquotes cropBox tuples and reads ids and booleans as numbers', () => {
    expect(csv.column('cropBox')[0]).toBe('(0, 0, 0.1, 0.1)');
    expect(csv.column('cocoSplit')[72999]).toBe('train2017');
    const nsdId = csv.numbers('nsdId');
    const index = csv.numbers('');
    expect(nsdId.every((v, i) => v === i && index[i] === i)).toBe(true);
    expect(csv.numbers('cocoId')[12345]).toBe(112345);
    const sum = (name: string) => csv.numbers(name).reduce((s, v) => s + v, 0);
    expect(sum('shared1000')).toBe(1000);
    expect(sum('subject1')).toBe(10000);
    expect(csv.numbers('subject1_rep0').filter((t) => t > 0).length).toBe(10000);
    expect(csv.numbers('subject1_rep2').reduce((m, v) => Math.max(m, v), 0)).toBe(30000);
  });

  it('responses.tsv has one row per trial and agrees with the csv’s 1-based trial numbers', () => {
    expect(responses.rows).toBe(2250);
    expect(responses.columns).toHaveLength(19);
    expect(responses.columns.slice(0, 6)).toEqual(['SUBJECT', 'SESSION', 'RUN', 'TRIAL', '73KID', '10KID']);
    const sessions = responses.numbers('SESSION');
    expect([1, 2, 3].map((s) => sessions.filter((v) => v === s).length)).toEqual([750, 750, 750]);
    const ids = responses.numbers('73KID'); // 1-based
    let matched = 0;
    for (const rep of ['subject1_rep0', 'subject1_rep1', 'subject1_rep2']) {
      csv.numbers(rep).forEach((trial, nsdId) => {
        if (trial > 0 && trial <= ids.length) {
          expect(ids[trial - 1] - 1).toBe(nsdId);
          matched++;
        }
      });
    }
    expect(matched).toBe(2250);
  });
});
