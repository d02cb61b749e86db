import { join } from 'node:path';
import { writeNpy } from '../src/core/formats/npy';
import { expect, openStudio, test } from './fixtures';
import { requireShared } from './shared';

test.describe('your own surfaces and maps in the Brain panel', () => {
  const dir = requireShared('data/fsaverage5');

  test('fsaverage5 GIfTI surfaces with curv: shown, picked, and a wrong-length map refused', async ({
    page,
    log,
  }) => {
    await openStudio(page);
    await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Brain' }).click();
    const names = ['pial', 'infl', 'sulc', 'curv'].flatMap((s) => [`${s}_left.gii.gz`, `${s}_right.gii.gz`]);
    await page.getByTestId('surface-files-input').setInputFiles(names.map((n) => join(dir, n)));

    await page.getByRole('combobox', { name: /^Surfaces/ }).selectOption('loaded');
    await expect(page.getByRole('combobox', { name: /^Surface$/ })).toHaveValue('pial');
    await page.getByRole('combobox', { name: /^Map/ }).selectOption({ label: 'Loaded: curv_left.gii.gz' });
    await expect(page.getByText('curv_left.gii.gz', { exact: true })).toBeVisible();

    const canvas = page.locator('.viewer-frame canvas');
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
    await expect(page.getByTestId('pick-info')).toHaveText(/^lh vertex \d+: -?\d+\.\d+$/);
    await expect(page.getByTestId('pick-all')).toContainText(/curv_left\.gii\.gz: -?\d/);

    // One value short of lh's 10,242 vertices: a notice naming the file, and the map is not added.
    await page.getByTestId('surface-files-input').setInputFiles({
      name: 'lh.short.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNpy({ shape: [10241], data: new Float32Array(10241) })),
    });
    await expect(page.getByRole('alert')).toContainText(
      'lh.short.npy has 10241 values but the surface lh has 10242 vertices',
    );
    await expect(
      page.getByRole('combobox', { name: /^Map/ }).locator('option', { hasText: 'lh.short.npy' }),
    ).toHaveCount(0);
    // The studio keeps working: another map still loads.
    await page.getByTestId('surface-files-input').setInputFiles({
      name: 'lh.ok.npy',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(writeNpy({ shape: [10242], data: new Float32Array(10242).fill(2) })),
    });
    await expect(
      page.getByRole('combobox', { name: /^Map/ }).locator('option', { hasText: 'Loaded: lh.ok.npy' }),
    ).toHaveCount(1);
    expect(log.errors).toEqual([]);
  });
});
