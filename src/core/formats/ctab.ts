/**
 * FreeSurfer colour/label tables (`<atlas>.mgz.ctab`, FreeSurferColorLUT-style): one `value name
 * [r g b a]` per line. NSD's files pad names with a tab and spaces, so fields are split on any
 * whitespace.
 */

export interface LabelEntry {
  value: number;
  name: string;
}

export class CtabFormatError extends Error {
  override name = 'CtabFormatError';
}

/** Entries in file order, including `0 Unknown` when the file has it. */
export function parseCtab(text: string): LabelEntry[] {
  const entries: LabelEntry[] = [];
  const seen = new Map<number, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [first, name] = line.split(/\s+/);
    const value = Number(first);
    if (!Number.isInteger(value) || value < 0 || name === undefined) {
      throw new CtabFormatError(`label table line ${i + 1} is not "value name": ${JSON.stringify(line)}`);
    }
    const earlier = seen.get(value);
    if (earlier !== undefined) {
      throw new CtabFormatError(`label table value ${value} appears twice (lines ${earlier} and ${i + 1})`);
    }
    seen.set(value, i + 1);
    entries.push({ value, name });
  });
  return entries;
}

/** Names of labels 1..max value: element k-1 names value k; values the table lacks become `label<k>`. */
export function labelNames(table: LabelEntry[]): string[] {
  const byValue = new Map(table.map((e) => [e.value, e.name]));
  const max = table.reduce((m, e) => Math.max(m, e.value), 0);
  return Array.from({ length: max }, (_, i) => byValue.get(i + 1) ?? `label${i + 1}`);
}
