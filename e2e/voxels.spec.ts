import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle, fixtureTree } from './bundles';
import { expect, openStudio, test } from './fixtures';
import { dropFile } from './studioSteps';

test('a volume subject without surfaces is drawn as a voxel cloud, mapped, and read by clicking', async ({
  page,
  log,
}) => {
  const tree = await fixtureTree();
  const out = join(mkdtempSync(join(tmpdir(), 'e2e-v-')), 'volume.h5');
  cliBundle(tree.root, out, 8);
  await openStudio(page);
  await dropFile(page, 'dropzone', 'volume.h5', readFileSync(out));
  await expect(page.getByTestId('subject')).toContainText('subj01 · func1pt8mm');

  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Brain' }).click();
  await expect(page.getByTestId('voxel-note')).toContainText('Add surfaces');
  const canvas = page.locator('.viewer-frame canvas');
  await expect(canvas).toBeVisible();

  // Opaque pixels of the WebGL canvas, and a CSS point inside a drawn voxel (a 7 × 7 opaque block)
  // nearest the canvas centre.
  const drawn = () =>
    canvas.evaluate((el: HTMLCanvasElement) => {
      const copy = document.createElement('canvas');
      copy.width = el.width;
      copy.height = el.height;
      const ctx = copy.getContext('2d')!;
      ctx.drawImage(el, 0, 0);
      const { data } = ctx.getImageData(0, 0, el.width, el.height);
      const opaque = (x: number, y: number) => data[4 * (y * el.width + x) + 3] > 0;
      let count = 0;
      let inside: { x: number; y: number } | undefined;
      let best = Infinity;
      for (let y = 3; y < el.height - 3; y++)
        for (let x = 3; x < el.width - 3; x++) {
          if (!opaque(x, y)) continue;
          count++;
          const d = Math.hypot(x - el.width / 2, y - el.height / 2);
          if (d >= best) continue;
          let block = true;
          for (let dy = -3; dy <= 3 && block; dy++)
            for (let dx = -3; dx <= 3 && block; dx++) block = opaque(x + dx, y + dy);
          if (block) [best, inside] = [d, { x, y }];
        }
      const scale = el.clientWidth / el.width;
      return { count, point: inside && { x: inside.x * scale, y: inside.y * scale } };
    });
  await expect.poll(async () => (await drawn()).count).toBeGreaterThan(500);

  await page.getByLabel('Map').selectOption('noise-ceiling');
  await expect(page.getByText('% variance')).toBeVisible();

  const { point } = await drawn();
  expect(point).toBeDefined();
  await canvas.click({ position: point! });
  await expect(page.getByTestId('pick-info')).toHaveText(/^voxel \(\d+, \d+, \d+\): (\d+\.\d|NaN)$/);
  await expect(page.getByTestId('pick-all')).toContainText(/nsdgeneral: \w+/);
  await expect(page.getByTestId('pick-all')).toContainText(/noise ceiling: /);
  expect(log.errors).toEqual([]);
});
