import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { buildModel, encodeModel, node, tensorInfo } from '../src/core/onnx/builder';
import { tapTestModel } from '../src/core/testing/tinyModel';
import { expect, openStudio, test } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'e2e-backbone-'));

function modelFiles(name: string, bytes: Uint8Array, sidecar?: object): string[] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  if (!sidecar) return [path];
  writeFileSync(`${path}.json`, JSON.stringify(sidecar));
  return [path, `${path}.json`];
}

async function openBackbonePanel(page: Page) {
  await page
    .getByRole('navigation', { name: 'Panels' })
    .getByRole('button', { name: /Backbone/ })
    .click();
  await expect(page.getByTestId('models')).toContainText('MobileNetV2');
}

test('drop an ONNX model, tick two layers, extract with progress; after a reload it comes from the cache', async ({
  page,
  log,
}) => {
  await openStudio(page);
  await openBackbonePanel(page);
  const files = modelFiles('taps-test.onnx', encodeModel(tapTestModel(112, 48)), { inputSize: 112 });
  await page.getByTestId('model-input').setInputFiles(files);
  await expect(page.getByRole('heading', { name: 'Backbone · taps-test.onnx' })).toBeVisible();
  const layers = page.getByTestId('layers');
  await expect(layers).toContainText('48 × 112 × 112');

  await page.getByRole('searchbox', { name: 'Search layers' }).fill('act');
  await expect(layers.locator('tbody tr')).toHaveCount(2); // act, act_flat
  await page.getByRole('checkbox', { name: 'Tap act', exact: true }).check();
  await page.getByRole('searchbox', { name: 'Search layers' }).fill('');
  await page.getByRole('checkbox', { name: 'Tap vec' }).check();
  await page.getByLabel('Pooling').selectOption({ label: '2 × 2 grid' });
  await page.getByRole('spinbutton', { name: 'Batch' }).fill('2');

  await page.getByRole('button', { name: 'Extract features' }).click();
  const job = page.getByTestId('job').filter({ hasText: 'Extracting taps-test.onnx features (2 layers)' });
  await expect(job.getByText(/\d+ \/ 480 images · [\d.]+ images\/s/)).toBeVisible();
  await expect
    .poll(async () => Number(await job.locator('progress').getAttribute('value')))
    .toBeGreaterThan(0);
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
  const result = page.getByTestId('extraction');
  await expect(result).toContainText(/480 images computed on wasm at [\d.]+ images\/s/);
  // 25 % of 48 channels = 12; act pooled 2 × 2 → 48 features, vec → 12.
  await expect(result.locator('tbody tr').nth(0)).toContainText(/act\s*48×112×112\s*12\s*2×2\s*—\s*48/);
  await expect(result.locator('tbody tr').nth(1)).toContainText(/vec\s*48\s*12\s*global\s*—\s*12/);
  await expect(page.getByTestId('feature-cache')).toContainText('1 entry');

  await page.reload();
  await openStudio(page);
  await openBackbonePanel(page);
  await page
    .getByTestId('models')
    .locator('tr', { hasText: 'taps-test.onnx' })
    .getByRole('button', { name: 'Open' })
    .click();
  await expect(page.getByRole('heading', { name: 'Backbone · taps-test.onnx' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Tap act', exact: true })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Tap vec' })).toBeChecked();
  await page.getByRole('button', { name: 'Extract features' }).click();
  await expect(page.getByTestId('extraction')).toContainText('All 480 images came from the cache.');
  await expect(page.getByTestId('feature-cache')).toContainText('1 entry');

  await page.getByRole('button', { name: 'Clear cache' }).click();
  await expect(page.getByTestId('feature-cache')).toContainText('0 entries, 0.0 MB');
  expect(log.errors).toEqual([]);
});

test('models that cannot be used are refused with a message naming the file', async ({ page }) => {
  await openStudio(page);
  await openBackbonePanel(page);
  const alert = page.getByRole('alert').last();

  await page
    .getByTestId('model-input')
    .setInputFiles(modelFiles('junk.onnx', new TextEncoder().encode('not a model')));
  await expect(alert).toContainText('junk.onnx: not an ONNX model');

  const flat = buildModel({
    name: 'flat',
    inputs: [tensorInfo('x', ['batch', 10])],
    outputs: [tensorInfo('y', ['batch', 10])],
    nodes: [node('Relu', ['x'], ['y'])],
  });
  await page.getByTestId('model-input').setInputFiles(modelFiles('flat.onnx', encodeModel(flat)));
  await expect(alert).toContainText(
    'flat.onnx: input "x" has shape [batch, 10]; an image model takes (batch, 3, height, width)',
  );

  const exotic = buildModel({
    name: 'exotic',
    inputs: [tensorInfo('image', ['batch', 3, 8, 8])],
    outputs: [tensorInfo('y', ['batch', 3, 8, 8])],
    nodes: [node('Relu', ['image'], ['r']), node('NoSuchOperator', ['r'], ['y'])],
  });
  await page
    .getByTestId('model-input')
    .setInputFiles(modelFiles('exotic.onnx', encodeModel(exotic), { inputSize: 8 }));
  await expect(alert).toContainText(/exotic\.onnx: .*NoSuchOperator/);

  await page
    .getByTestId('model-input')
    .setInputFiles(modelFiles('sidecar-bad.onnx', encodeModel(tapTestModel(8)), { inputSize: 'big' }));
  await expect(alert).toContainText('sidecar-bad.onnx.json: "inputSize" must be an integer 8..2048');
  // None of these was kept; the studio still works.
  await expect(page.getByTestId('models')).not.toContainText(/junk|flat|exotic|sidecar-bad/);
  await expect(page.getByRole('heading', { name: /^Backbone · MobileNetV2/ })).toBeVisible();
});

test('a model with an op that has no gradient rule still opens for features and says why gradients are unavailable', async ({
  page,
  log,
}) => {
  await openStudio(page);
  await openBackbonePanel(page);
  const floor = buildModel({
    name: 'floor',
    inputs: [tensorInfo('image', ['batch', 3, 8, 8])],
    outputs: [tensorInfo('y', ['batch', 3, 8, 8])],
    nodes: [node('Relu', ['image'], ['r']), node('Floor', ['r'], ['y'], {}, 'rounding')],
  });
  await page
    .getByTestId('model-input')
    .setInputFiles(modelFiles('floor.onnx', encodeModel(floor), { inputSize: 8 }));
  await expect(page.getByRole('heading', { name: 'Backbone · floor.onnx' })).toBeVisible();
  await expect(page.getByTestId('gradients')).toHaveText(
    'Input gradients (dreams, saliency): unavailable — no gradient rule for op Floor (node "rounding")',
  );
  await page.getByRole('checkbox', { name: 'Tap r' }).check();
  await page.getByRole('button', { name: 'Extract features' }).click();
  await expect(page.getByTestId('extraction')).toContainText('480 images computed');
  expect(log.errors).toEqual([]);
});
