import { readFileSync } from 'node:fs';
import { expect, openStudio, test } from './fixtures';
import { extractDemoLayers, fitEncoder, panel } from './studioSteps';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('dream for FFA: previews update, a changed slider continues the image, save it as PNG', async ({
  page,
  log,
}) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await panel(page, 'Dreams');
  await expect(page.getByTestId('dreams-blocker')).toHaveText(
    'To dream, fit or open an encoder in the Fit panel.',
  );
  await extractDemoLayers(page);
  await fitEncoder(page);

  await panel(page, 'Dreams');
  await page.getByLabel('Target ROI').selectOption('FFA');
  await page.getByLabel('Steps').fill('24');
  await page.getByLabel('Image size').fill('64');
  await page.getByRole('button', { name: 'Run', exact: true }).click();

  // Every preview shown while the job runs: its step and its image.
  const step = page.getByTestId('dream-step');
  const image = page.getByTestId('dream-image');
  const seen = new Map<string, string>();
  const look = async () => {
    if (await image.isVisible()) seen.set((await step.textContent())!, (await image.getAttribute('src'))!);
    return seen.size;
  };
  await expect.poll(look, { timeout: 60_000, intervals: [100] }).toBeGreaterThanOrEqual(2);
  const job = page.getByTestId('job').filter({ hasText: /^Dreaming FFA \(24 steps\)/ });
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await look();
  await expect(step).toHaveText('step 24');
  expect(new Set(seen.values()).size).toBe(seen.size);
  expect(seen.size).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('dream-response')).toHaveText(/^predicted mean FFA response: -?\d+\.\d{3}$/);
  await expect(page.getByRole('img', { name: 'objective per step' })).toBeVisible();

  const before = await image.getAttribute('src');
  await page.getByLabel('Transform strength').fill('0.5');
  await page.getByLabel('Learning rate').fill('0.1');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  const continued = page
    .getByTestId('job')
    .filter({ hasText: /^Dreaming FFA, continued from step 24 \(24 steps\)/ });
  await expect(continued).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(step).toHaveText('step 48');
  expect(await image.getAttribute('src')).not.toBe(before);

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save PNG' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('dream-FFA-48steps.png');
  const png = readFileSync((await download.path())!);
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);

  // Stop cancels the job; the last preview stays, and the image can be continued later.
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(step).not.toHaveText('step 48');
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  const stopped = page.getByTestId('job').filter({ hasText: /^Dreaming FFA, continued from step 48/ });
  await expect(stopped).toHaveAttribute('data-state', 'cancelled');
  await expect(page.getByRole('button', { name: 'Continue', exact: true })).toBeEnabled();
  expect(log.errors).toEqual([]);
});
