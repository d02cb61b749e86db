import { expect, openStudio, test } from './fixtures';

test('the Brain panel draws the demo hemispheres with ROIs, and clicking reads a vertex', async ({
  page,
  log,
}) => {
  await openStudio(page);
  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Brain' }).click();
  const canvas = page.locator('.viewer-frame canvas');
  await expect(canvas).toBeVisible();

  // Share of the canvas covered by the surface: copy the WebGL canvas into a 2D one and count opaque pixels.
  const coverage = () =>
    canvas.evaluate((el: HTMLCanvasElement) => {
      const copy = document.createElement('canvas');
      copy.width = el.width;
      copy.height = el.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const { data } = ctx.getImageData(0, 0, el.width, el.height);
      let opaque = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) opaque++;
      return opaque / (el.width * el.height);
    });
  await expect.poll(coverage).toBeGreaterThan(0.1);
  await expect(page.getByText('FFA', { exact: true })).toBeVisible();

  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
  await expect(page.getByTestId('pick-info')).toHaveText(/^lh vertex \d+: /);
  await expect(page.getByTestId('pick-all')).toContainText(/visual: \w+/);
  await expect(page.getByTestId('pick-all')).toContainText(/noise ceiling: \d+\.\d %/);

  await page.getByLabel('Map').selectOption('noise-ceiling');
  await expect(page.getByText('% variance')).toBeVisible();
  await expect(page.getByTestId('pick-info')).toHaveText(/^lh vertex \d+: \d+\.\d$/);

  // The toolbar: morph to the inflated surface, outline the ROIs, raise the threshold, save a PNG.
  const before = await canvas.screenshot();
  await page.getByRole('combobox', { name: /^Surface/ }).selectOption('inflated');
  await page.getByLabel('Outlines').check();
  await expect.poll(async () => Buffer.compare(await canvas.screenshot(), before) !== 0).toBe(true);
  await expect.poll(coverage).toBeGreaterThan(0.1);
  await page.getByLabel('Threshold', { exact: true }).evaluate((input: HTMLInputElement) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(input, '50');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
  expect(Number(await page.getByLabel('Threshold', { exact: true }).inputValue())).toBeGreaterThan(40);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save PNG' }).click();
  expect((await download).suggestedFilename()).toBe('demo01-noise-ceiling.png');
  expect(log.errors).toEqual([]);
});
