/** The Debian Chromium that the e2e tests and benchmarks drive (never a downloaded browser). */
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  return process.env.BOLDSTUDIO_CHROMIUM ?? '/usr/bin/chromium';
}

/** Flags that work headless on this machine; WebGPU comes from SwiftShader on the CPU. */
export function chromiumArgs({ webgpu = true } = {}): string[] {
  return [
    '--headless=new',
    '--no-sandbox',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : ['--disable-features=WebGPU']),
  ];
}

export function assertChromium(): void {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it with \`apt-get install -y chromium\` ` +
        '(or run e2e/ensure-chromium.sh), or point BOLDSTUDIO_CHROMIUM at a Chromium binary.',
    );
  }
}
