/** Build the app and serve it (production preview) for browser benchmarks. */
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../e2e/browser';

export interface BenchEnv {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startBenchEnv(): Promise<BenchEnv> {
  await build({ logLevel: 'warn' });
  const server: PreviewServer = await preview({
    preview: { port: 4174, strictPort: true, host: '127.0.0.1' },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs() });
  return {
    url: 'http://127.0.0.1:4174/',
    browser,
    async close() {
      await browser.close();
      await new Promise<void>((resolve, reject) =>
        server.httpServer.close((e) => (e ? reject(e) : resolve())),
      );
    },
  };
}
