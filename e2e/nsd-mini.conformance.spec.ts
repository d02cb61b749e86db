import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleChecksums, cliBundle } from './bundles';
import { expect, openStudio, test } from './fixtures';
import { requireShared } from './shared';

test.describe('nsd-mini in the browser [conformance: ../shared/fixtures/nsd-mini]', () => {
  const root = requireShared('fixtures/nsd-mini');

  test('the dropped folder builds, with a progress bar, the same bundle as the CLI', async ({
    page,
    log,
  }) => {
    await openStudio(page);
    await page.getByTestId('folder-input').setInputFiles(root);
    const row = page.getByTestId('dataset').filter({ hasText: 'subj01 func1pt8mm' });
    await expect(row).toContainText('sessions 1, 2, 3');
    await expect(page.getByTestId('dataset').filter({ hasText: 'subj01 nativesurface lh' })).toBeVisible();
    await row.getByLabel(/Image size/).fill('64');
    await row.getByRole('button', { name: 'Build bundle' }).click();

    const job = page.getByTestId('job').filter({ hasText: 'Building the subj01 func1pt8mm bundle' });
    await expect(job.locator('progress')).toBeVisible();
    await expect
      .poll(async () => Number(await job.locator('progress').getAttribute('value')))
      .toBeGreaterThan(0);
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
    await expect(page.getByTestId('subject-summary')).toContainText('558 voxels');

    const dir = mkdtempSync(join(tmpdir(), 'e2e-mini-'));
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download bundle (.h5)' }).click();
    await (await downloading).saveAs(join(dir, 'browser.h5'));
    cliBundle(root, join(dir, 'cli.h5'), 64);
    expect(await bundleChecksums(join(dir, 'browser.h5'))).toEqual(
      await bundleChecksums(join(dir, 'cli.h5')),
    );
    expect(log.errors).toEqual([]);
  });

  test('cancelling a build leaves no bundle behind', async ({ page }) => {
    await openStudio(page);
    await page.getByTestId('folder-input').setInputFiles(root);
    const row = page.getByTestId('dataset').filter({ hasText: 'subj01 nativesurface lh' });
    await row.getByRole('button', { name: 'Build bundle' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'Building the subj01 nativesurface lh bundle' });
    await expect
      .poll(async () => Number(await job.locator('progress').getAttribute('value')))
      .toBeGreaterThan(0);
    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect(job).toHaveAttribute('data-state', 'cancelled');
    await expect(page.getByTestId('stored-bundles')).toHaveCount(0);
    const stored = await page.evaluate(async () => {
      const dir = await (
        await navigator.storage.getDirectory()
      ).getDirectoryHandle('bundles', { create: true });
      const names: string[] = [];
      for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) names.push(name);
      return names;
    });
    expect(stored).toEqual([]);
  });
});
