import type { Page, Worker } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';

async function rebuildDemo(page: Page, images: number) {
  await page.getByRole('spinbutton', { name: 'Images' }).fill(String(images));
  await page.getByRole('button', { name: 'Rebuild demo' }).click();
}

test('a long job shows progress with an ETA and can be cancelled, keeping the loaded subject', async ({
  page,
  log,
}) => {
  await openStudio(page);
  const before = await page.getByTestId('subject-summary').textContent();
  await rebuildDemo(page, 5000);

  const job = page.getByTestId('job').filter({ hasText: '5000 images' });
  await expect(job).toHaveAttribute('data-state', 'running');
  await expect(job.getByText(/\d+% · .* · (\d+ s left|\d+ min left|estimating…)/)).toBeVisible();
  await expect
    .poll(async () => Number(await job.locator('progress').getAttribute('value')))
    .toBeGreaterThan(0);
  await expect(job.getByText(/\d+ s left|\d+ min left/)).toBeVisible();

  await job.getByRole('button', { name: 'Cancel' }).click();
  await expect(job).toHaveAttribute('data-state', 'cancelled');
  await expect(job).toContainText('cancelled');
  await expect(page.getByTestId('subject-summary')).toHaveText(before!);
  expect(log.errors).toEqual([]);
});

async function dataWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes('data.worker'))).toBe(true);
  return page.workers().find((w) => w.url().includes('data.worker'))!;
}

test('a worker that dies is reported and replaced; the app keeps working', async ({ page }) => {
  await openStudio(page);
  const worker = await dataWorker(page);
  await worker.evaluate(() => self.close()).catch(() => {});
  await expect(page.getByRole('alert')).toContainText('The data worker failed: it stopped unexpectedly');

  await rebuildDemo(page, 100);
  const job = page.getByTestId('job').filter({ hasText: '100 images' });
  await expect(job).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('subject-summary')).toContainText(/\d+ train · \d+ test/);
});

test('an uncaught error in a worker fails its running job with the message', async ({ page }) => {
  await openStudio(page);
  await rebuildDemo(page, 5000);
  const job = page.getByTestId('job').filter({ hasText: '5000 images' });
  await expect(job).toHaveAttribute('data-state', 'running');
  const worker = await dataWorker(page);
  await worker.evaluate(() =>
    setTimeout(() => Promise.reject(new Error('simulated fault in the data worker')), 0),
  );
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job).toContainText('simulated fault in the data worker');
  await expect(page.getByRole('alert')).toContainText('simulated fault in the data worker');

  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Brain' }).click();
  await expect(page.locator('.viewer-frame canvas')).toBeVisible();
});
