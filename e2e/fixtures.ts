/**
 * Shared e2e fixtures: every page records console errors, page errors and every request it makes,
 * so tests can assert "no errors" and "nothing left localhost".
 */
import { test as base, expect, type Page } from '@playwright/test';

export interface PageLog {
  errors: string[];
  requests: string[];
}

export const test = base.extend<{ log: PageLog }>({
  log: async ({ page, context }, use) => {
    const log: PageLog = { errors: [], requests: [] };
    page.on('console', (m) => m.type() === 'error' && log.errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => log.errors.push(`pageerror: ${e.message}`));
    // Context-level: includes requests made by workers (ORT's wasm, h5wasm).
    context.on('request', (r) => log.requests.push(r.url()));
    await use(log);
  },
});

export { expect };

/** Open the studio and wait until the demo subject and the compute backend are ready. */
export async function openStudio(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('subject')).toContainText('demo01', { timeout: 60_000 });
  await expect(page.getByTestId('backend')).toContainText(/Compute: (wasm|WebGPU) ·/, { timeout: 90_000 });
}
