import { mkdirSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { moveBeyond4GB, TREE_PATHS } from '../src/core/testing/nsdTree';
import { bundleChecksums, cliBundle, fixtureTree } from './bundles';
import { expect, openStudio, test } from './fixtures';
import { dropFile } from './studioSteps';

async function pickFolder(page: Page, folder: string) {
  await page.getByTestId('folder-input').setInputFiles(folder);
  await expect(page.getByTestId('dataset').first()).toBeVisible();
}

async function buildVolume(page: Page, imageSize: number) {
  const row = page.getByTestId('dataset').filter({ hasText: 'func1pt8mm' });
  await row.getByLabel(/Image size/).fill(String(imageSize));
  await row.getByRole('button', { name: 'Build bundle' }).click();
  return page.getByTestId('job').filter({ hasText: 'Building the subj01 func1pt8mm bundle' });
}

test('a picked NSD folder becomes the same bundle as the CLI builds, kept across reloads', async ({
  page,
  log,
}) => {
  const tree = await fixtureTree();
  await openStudio(page);
  await pickFolder(page, tree.root);
  await expect(page.getByTestId('dataset').filter({ hasText: 'func1pt8mm' })).toContainText('sessions 1, 2');
  await expect(page.getByTestId('dataset').filter({ hasText: 'fsaverage lh' })).toBeVisible();

  const job = await buildVolume(page, 16);
  await expect(job).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('subject-summary')).toContainText('subj01 (func1pt8mm)');
  await expect(page.getByTestId('subject-summary')).toContainText(`${tree.maskVoxels.length} voxels`);
  await expect(page.getByTestId('stored-bundles')).toContainText('subj01-func1pt8mm-nsdgeneral.h5');

  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle (.h5)' }).click();
  const dir = mkdtempSync(join(tmpdir(), 'e2e-dl-'));
  const fromBrowser = join(dir, 'browser.h5');
  await (await downloading).saveAs(fromBrowser);
  const fromCli = join(dir, 'cli.h5');
  cliBundle(tree.root, fromCli, 16);
  expect(await bundleChecksums(fromBrowser)).toEqual(await bundleChecksums(fromCli));

  // The bundle survives a reload, and opens from the browser's storage.
  await page.reload();
  await expect(page.getByTestId('subject')).toContainText('demo01');
  await page.getByTestId('stored-bundles').getByRole('button', { name: 'Open' }).click();
  await expect(page.getByTestId('subject')).toContainText('subj01 · func1pt8mm');
  expect(log.errors).toEqual([]);
});

test('a saved bundle dropped on the studio opens', async ({ page }) => {
  const tree = await fixtureTree();
  const out = join(mkdtempSync(join(tmpdir(), 'e2e-b-')), 'my-subject.h5');
  cliBundle(tree.root, out, 8);
  await openStudio(page);
  await dropFile(page, 'dropzone', 'my-subject.h5', readFileSync(out));
  await expect(page.getByTestId('subject')).toContainText('subj01 · func1pt8mm');
  await expect(page.getByTestId('stored-bundles')).toContainText('my-subject.h5');
});

test('bad files get a message naming the file and the problem, and the studio keeps working', async ({
  page,
}) => {
  const tree = await fixtureTree();
  const beta = join(tree.root, TREE_PATHS.betas(2));
  truncateSync(beta, Math.floor(readFileSync(beta).length / 2));
  await openStudio(page);
  await pickFolder(page, tree.root);

  const job = await buildVolume(page, 8);
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job).toContainText('betas_session02.hdf5: the HDF5 file is truncated or damaged');
  await expect(page.getByTestId('subject')).toContainText('demo01');

  await page.getByRole('button', { name: 'Rebuild demo' }).click();
  await expect(
    page.getByTestId('job').filter({ hasText: 'Building the demo subject' }).first(),
  ).toHaveAttribute('data-state', 'done');
});

test('a file whose content does not match its name is flagged in the file list and named when used', async ({
  page,
}) => {
  const tree = await fixtureTree();
  const mat = join(tree.root, 'nsddata/experiments/nsd/nsd_expdesign.mat');
  mkdirSync(dirname(mat), { recursive: true });
  writeFileSync(mat, 'not a MAT file');
  await openStudio(page);
  await pickFolder(page, tree.root);
  await expect(page.getByTestId('file-list')).toContainText(
    'nsd_expdesign.mat is named like a design-mat file but its content is text, not mat5',
  );
  const job = await buildVolume(page, 8);
  await expect(job).toHaveAttribute('data-state', 'failed');
  await expect(job).toContainText('nsd_expdesign.mat:');
});

test('beta files over 4 GB are read in place, giving the same bundle', async ({ page }) => {
  const tree = await fixtureTree();
  const dir = mkdtempSync(join(tmpdir(), 'e2e-big-'));
  cliBundle(tree.root, join(dir, 'reference.h5'), 8);
  moveBeyond4GB(join(tree.root, TREE_PATHS.betas(1)));
  expect(statSync(join(tree.root, TREE_PATHS.betas(1))).size).toBeGreaterThan(2 ** 33);

  await openStudio(page);
  await pickFolder(page, tree.root);
  const job = await buildVolume(page, 8);
  await expect(job).toHaveAttribute('data-state', 'done');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle (.h5)' }).click();
  await (await downloading).saveAs(join(dir, 'browser.h5'));
  expect(await bundleChecksums(join(dir, 'browser.h5'))).toEqual(
    await bundleChecksums(join(dir, 'reference.h5')),
  );
});
