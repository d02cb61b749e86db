/** The `boldstudio` command line: subcommands over the same src/core as the app. */
import { UsageError, type Command } from './command';
import { bundleCommand } from './commands/bundle';
import { demoCommand } from './commands/demo';
import { inspectCommand } from './commands/inspect';
import { featuresCommand } from './commands/features';
import { vjpCommand } from './commands/vjp';
import { layersCommand } from './commands/layers';
import { ridgeCommand } from './commands/ridge';
import { fitCommand } from './commands/fit';
import { exportOnnxCommand } from './commands/exportOnnx';
import { dreamCommand } from './commands/dream';
import { version } from './version';

export const COMMANDS: Command[] = [
  demoCommand,
  inspectCommand,
  bundleCommand,
  layersCommand,
  featuresCommand,
  vjpCommand,
  ridgeCommand,
  fitCommand,
  exportOnnxCommand,
  dreamCommand,
];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `boldstudio ${version()} — fMRI encoding models on the Natural Scenes Dataset, on your own machine`,
    '',
    'Usage: boldstudio <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `boldstudio <command> --help` for the options of one command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(help());
    return 0;
  }
  if (name === '--version') {
    console.log(version());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`boldstudio: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(`Usage: ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const err = error as Error;
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`boldstudio ${name}: ${err.message}${usage ? `\nUsage: ${command.usage}` : ''}`);
    return usage ? 2 : 1;
  }
}
