/** Steps several specs take through the studio: switch panels, drop files, and fit an encoder on two demo layers. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

export const panel = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name }).click();

async function tap(page: Page, layer: string) {
  await page.getByRole('searchbox', { name: 'Search layers' }).fill(layer);
  await page.getByRole('checkbox', { name: `Tap ${layer}`, exact: true }).check();
}

/** Open the demo backbone (MobileNetV2), tick block_5_add and out_relu, extract their features. */
export async function extractDemoLayers(page: Page): Promise<void> {
  await panel(page, 'Backbone');
  await expect(page.getByRole('heading', { name: /^Backbone · MobileNetV2/ })).toBeVisible();
  await tap(page, 'block_5_add');
  await tap(page, 'out_relu');
  await page.getByRole('button', { name: 'Extract features' }).click();
  const extraction = page.getByTestId('job').filter({ hasText: /^Extracting MobileNetV2.*\(2 layers\)/ });
  await expect(extraction).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
}

/** Fit an encoder on the extracted layers with the Fit panel's settings as they are. */
export async function fitEncoder(page: Page): Promise<void> {
  await panel(page, 'Fit');
  await page.getByRole('button', { name: 'Fit encoder' }).click();
  const fitting = page.getByTestId('job').filter({ hasText: 'Fitting an encoder on 2 layers (α by GCV)' });
  await expect(fitting).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
}

/** A file dropped on a drop zone, as the browser would hand it over. */
export async function dropFile(page: Page, testId: string, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      return dt;
    },
    { b64: bytes.toString('base64'), name },
  );
  await page.getByTestId(testId).dispatchEvent('drop', { dataTransfer });
}
