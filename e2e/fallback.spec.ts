import { chromiumArgs } from './browser';
import { expect, openStudio, test } from './fixtures';

test.use({
  launchOptions: {
    executablePath: process.env.BOLDSTUDIO_CHROMIUM ?? '/usr/bin/chromium',
    args: chromiumArgs({ webgpu: false }),
  },
});

test('with WebGPU disabled the studio falls back to wasm, even when WebGPU is asked for', async ({
  page,
  log,
}) => {
  await openStudio(page, '?backend=webgpu');
  await expect(page.getByTestId('backend')).toContainText(/Compute: wasm · \d+ threads?/);
  await expect(page.getByTestId('backend')).toContainText('WebGPU unavailable');
  await expect(page.getByTestId('adapter')).toContainText('WebGPU adapter: none');
  expect(log.errors).toEqual([]);
});
