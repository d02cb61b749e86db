/** `boldstudio inspect PATH...`: what each file or folder is, and which bundles it allows. */
import { parseArgs } from 'node:util';
import h5wasm from 'h5wasm/node';
import { initH5 } from '../../core/formats/h5';
import { inspectFile, inventory, type Inventory } from '../../core/nsd/inspect';
import { UsageError, type Command } from '../command';
import { nodeInputs } from '../nodeInputs';

function formatText(inv: Inventory): string {
  const width = Math.min(60, Math.max(...inv.files.map((f) => f.path.length)));
  const lines = inv.files.map(
    (f) =>
      `${f.path.padEnd(width)}  ${f.kind.padEnd(16)} ${f.problem ? `PROBLEM: ${f.problem}` : f.description}`,
  );
  for (const d of inv.datasets) {
    const what = `subj${String(d.subject).padStart(2, '0')} ${d.space}${d.hemi ? ` ${d.hemi}` : ''}`;
    lines.push(
      '',
      `${what}: sessions ${d.sessions.join(', ') || 'none'}; ROIs ${d.rois.join(', ') || 'none'}`,
      d.missing.length ? `  missing: ${d.missing.join('; ')}` : '  ready to bundle',
    );
  }
  return lines.join('\n');
}

export const inspectCommand: Command = {
  name: 'inspect',
  summary: 'say what each NSD / Algonauts file or folder is, and what a bundle still needs',
  usage: 'boldstudio inspect PATH... [--json]',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' } },
      allowPositionals: true,
    });
    if (positionals.length === 0) throw new UsageError('give at least one file or folder');
    await initH5(h5wasm);
    const { files, openHdf5 } = nodeInputs(...positionals);
    const reports = [];
    for (const file of files) reports.push(await inspectFile(file, openHdf5));
    const inv = inventory(files, reports);
    console.log(values.json ? JSON.stringify(inv, null, 2) : formatText(inv));
    return inv.files.some((f) => f.problem) ? 1 : 0;
  },
};
