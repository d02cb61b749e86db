/** The machine a benchmark ran on, for bench/RESULTS.md. */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { chromiumPath } from '../e2e/browser';

export function describeMachine(): string {
  const cpu = cpus();
  let chromium = 'not found';
  try {
    chromium = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // keep "not found"
  }
  return [
    `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${osType()} ${release()}`,
    `- Node: ${process.version}`,
    `- Browser: ${chromium} (headless, SwiftShader WebGPU/WebGL)`,
  ].join('\n');
}
