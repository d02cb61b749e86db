import { expect, openStudio, test } from './fixtures';

test('the studio loads the demo with no errors, isolated, and talks to nothing but localhost', async ({
  page,
  log,
}) => {
  await openStudio(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('isolation')).toHaveText('cross-origin isolated');

  // Default on a software adapter: threaded wasm, and the adapter is still named.
  await expect(page.getByTestId('backend')).toContainText(/Compute: wasm · \d+ threads?/);
  await expect(page.getByTestId('adapter')).toContainText(/WebGPU adapter: .*swiftshader/i);

  const summary = page.getByTestId('subject-summary');
  await expect(summary).toContainText('demo01 (demo)');
  await expect(summary).toContainText(/V1v \(\d+\)/);
  await expect(summary).toContainText(/FFA \(\d+\)/);
  await expect(page.locator('.thumbs canvas')).toHaveCount(12);

  const offsite = log.requests.filter((url) => {
    const { protocol, hostname } = new URL(url);
    return !['data:', 'blob:'].includes(protocol) && !['127.0.0.1', 'localhost'].includes(hostname);
  });
  expect(offsite).toEqual([]);
  expect(log.requests.some((url) => url.includes('/ort/ort-wasm-simd-threaded'))).toBe(true);
  expect(log.errors).toEqual([]);
});

test('panels that are not built yet say so', async ({ page, log }) => {
  await openStudio(page);
  for (const name of ['Saliency', 'Analyses', 'Share']) {
    await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name }).click();
    await expect(page.getByTestId('planned-panel')).toContainText('Not built yet.');
  }
  expect(log.errors).toEqual([]);
});

test('WebGPU can be forced and passes its self-test on the SwiftShader adapter', async ({ page, log }) => {
  await openStudio(page, '?backend=webgpu');
  await expect(page.getByTestId('backend')).toContainText(/Compute: WebGPU · .*swiftshader/i);
  await expect(page.getByTestId('backend')).toContainText('WebGPU chosen by the user');
  expect(log.errors).toEqual([]);
});
