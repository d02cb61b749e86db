import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import h5wasm from 'h5wasm/node';
import * as ort from 'onnxruntime-node';
import { DEFAULT_DEMO, generateDemoSubject } from '../src/core/demo';
import { preprocessImages, type Preprocessing } from '../src/core/backbone/preprocess';
import { silentContext } from '../src/core/jobs/progress';
import { columnCorrelations } from '../src/core/numerics/correlation';
import { median } from '../src/core/stats';
import { expect, openStudio, test } from './fixtures';
import { dropFile, extractDemoLayers, fitEncoder, panel } from './studioSteps';

const dir = mkdtempSync(join(tmpdir(), 'e2e-fit-'));
const DEMO_ROIS = ['V1v', 'V1d', 'V2v', 'V2d', 'V3v', 'V3d', 'LO', 'FFA', 'PPA'];

const number = (text: string, pattern: RegExp) => Number(pattern.exec(text)?.[1]);

/** Median test r of an exported encoder on the demo subject's test images, run with onnxruntime-node. */
async function onnxMedianR(path: string): Promise<number> {
  const demo = await generateDemoSubject(DEFAULT_DEMO, silentContext);
  const session = await ort.InferenceSession.create(path);
  const { size, images, nsdIds } = demo.stimuli;
  const frame = size * size * 3;
  // The encoder's input: RGB / 255 at its input size (it normalises inside).
  const plain: Preprocessing = { inputSize: 224, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB' };
  const test = demo.test.nsdIds;
  const units = demo.units.count;
  const predicted = new Float32Array(test.length * units);
  for (let i = 0; i < test.length; i++) {
    const row = nsdIds.indexOf(test[i]);
    const pixels = preprocessImages(images.subarray(row * frame, (row + 1) * frame), size, plain);
    const out = await session.run({ image: new ort.Tensor('float32', pixels, [1, 3, 224, 224]) });
    predicted.set(out.responses.data as Float32Array, i * units);
  }
  await session.release();
  return median(columnCorrelations(predicted, demo.test.responses, test.length, units));
}

test('fit an encoder on two MobileNetV2 layers of the demo, map it, download it, reopen it after a reload, export ONNX', async ({
  page,
  log,
}) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await panel(page, 'Fit');
  await expect(page.getByTestId('fit-blocker')).toHaveText(
    'To fit, extract features in the Backbone panel first.',
  );

  await extractDemoLayers(page);
  await panel(page, 'Fit');
  await expect(page.getByRole('checkbox', { name: 'Fit block_5_add' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Fit out_relu' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /Per-layer fits/ })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Shuffled-image control' })).toBeChecked();
  await fitEncoder(page);

  // 20,484 units; 25 % of channels, global average: block_5_add 8 + out_relu 320 features.
  // Measured (GCV, wasm): median r 0.141, 40.7 % of the noise ceiling, control −0.002.
  const summary = page.getByTestId('fit-summary');
  await expect(summary).toContainText('20,484 units · 328 features');
  const summaryText = (await summary.textContent())!;
  expect(number(summaryText, /· median r (-?[\d.]+)/)).toBeGreaterThan(0.1);
  expect(number(summaryText, /median accuracy ([\d.]+) %/)).toBeGreaterThan(20);
  expect(Math.abs(number(summaryText, /shuffled control median r (-?[\d.]+)/))).toBeLessThan(0.05);

  await expect(page.getByRole('img', { name: 'r histogram' })).toBeVisible();
  const rois = page.getByRole('img', { name: 'median r per ROI' });
  await expect(rois).toBeVisible();
  for (const label of DEMO_ROIS) await expect(rois.locator(`[data-roi="${label}"]`)).toBeVisible();
  // Every FFA (and LO) unit prefers the deeper layer; V1–V3 mostly the earlier one (measured: 82–94 %).
  await expect(rois.locator('[data-roi="FFA"]')).toContainText('out_relu (100 %)');
  await expect(rois.locator('[data-roi="V1v"]')).toContainText('block_5_add');

  // Per-layer medians measured: block_5_add 0.136 (best for 62 % of units), out_relu 0.101.
  const layers = page.getByRole('table', { name: 'per-layer accuracy' });
  await expect(layers.locator('tbody tr')).toHaveCount(2);
  for (const [row, name] of ['block_5_add', 'out_relu'].entries()) {
    const cells = layers.locator('tbody tr').nth(row).locator('td');
    await expect(cells.nth(0)).toHaveText(name);
    expect(Number(await cells.nth(2).textContent())).toBeGreaterThan(0.05);
    await expect(cells.nth(3)).toHaveText(/\d+\.\d % of units/);
  }

  const show = page.getByRole('group', { name: 'Show on the surface' });
  await show.getByRole('button', { name: 'best layer', exact: true }).click();
  await expect(page.getByLabel('Map')).toHaveValue('fit:best');
  await expect(page.locator('.brain li', { hasText: 'out_relu' })).toBeVisible();
  await expect(page.locator('.brain li', { hasText: 'block_5_add' })).toBeVisible();
  await panel(page, 'Fit');
  await show.getByRole('button', { name: 'accuracy (r)', exact: true }).click();
  await expect(page.getByLabel('Map')).toHaveValue('fit:r');
  await expect(page.getByText('accuracy r (test images)')).toBeVisible();

  await panel(page, 'Fit');
  const name = (await page.getByTestId('encoder-name').textContent())!;
  expect(name).toMatch(/^demo01-mobilenetv2-\d{8}-\d{6}\.h5$/);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download encoder (.h5)' }).click();
  const encoderPath = join(dir, name);
  await (await downloading).saveAs(encoderPath);

  const exporting = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  const onnx = await exporting;
  expect(onnx.suggestedFilename()).toBe(name.replace(/\.h5$/, '.onnx'));
  const onnxPath = join(dir, onnx.suggestedFilename());
  await onnx.saveAs(onnxPath);
  expect(statSync(onnxPath).size).toBeGreaterThan(1_000_000);
  // Outside the studio, the exported model predicts the demo's test images as well as the fit scored them.
  expect(await onnxMedianR(onnxPath)).toBeCloseTo(number(summaryText, /· median r (-?[\d.]+)/), 2);

  await page.reload();
  await openStudio(page);
  await panel(page, 'Fit');
  await expect(page.getByTestId('stored-encoders')).toContainText(name);
  await dropFile(page, 'encoder-dropzone', name, readFileSync(encoderPath));
  await expect(page.getByTestId('fit-summary')).toHaveText(summaryText);
  await expect(page.getByRole('img', { name: 'median r per ROI' }).locator('[data-roi="FFA"]')).toContainText(
    'out_relu (100 %)',
  );
  expect(log.errors).toEqual([]);
});

test('a file that is not an encoder is refused with a message naming it, and the studio keeps working', async ({
  page,
}) => {
  await openStudio(page);
  await panel(page, 'Fit');
  const alert = page.getByRole('alert').last();
  await dropFile(page, 'encoder-dropzone', 'junk.h5', Buffer.from('not an encoder'));
  await expect(alert).toHaveText(/^junk\.h5: not a boldstudio encoder \(not an HDF5 file.*\)/);

  // An HDF5 file, but not one of ours.
  await h5wasm.ready;
  const other = join(dir, 'other.h5');
  const file = new h5wasm.File(other, 'w');
  file.create_dataset({ name: 'x', data: new Float32Array(4) });
  file.close();
  await page.getByTestId('encoder-input').setInputFiles(other);
  await expect(alert).toHaveText(/^other\.h5: not a boldstudio encoder \(no format attribute\)/);

  await expect(page.getByTestId('stored-encoders')).toHaveCount(0);
  await panel(page, 'Brain');
  await expect(page.locator('.viewer-frame canvas')).toBeVisible();
});
