/**
 * The surface viewer on fsaverage5 (the real GIfTI meshes from ../shared), in the surface sandbox page:
 * morphs between surfaces, a diverging map made symmetric, a threshold, region outlines with names,
 * picking on the surface as drawn, saving a PNG. Frames are compared with baselines checked in next
 * to this file (SwiftShader renders the same pixels run after run; the tolerance absorbs antialiasing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { readGiftiData } from '../src/core/formats/gifti';
import { expect, test } from './fixtures';
import { requireShared } from './shared';

const SCREENSHOT = { maxDiffPixelRatio: 0.02 };

test.describe('surface viewer on fsaverage5 [conformance: ../shared/data/fsaverage5]', () => {
  const dir = requireShared('data/fsaverage5');

  async function openSandbox(page: Page): Promise<Locator> {
    await page.route('**/surface-sandbox/fsaverage5/*', (route) =>
      route.fulfill({ path: join(dir, new URL(route.request().url()).pathname.split('/').at(-1)!) }),
    );
    await page.goto('/?surface-sandbox=fsaverage5');
    await expect(page.getByTestId('surface-shown')).toHaveText('showing pial', { timeout: 60_000 });
    return page.getByTestId('surface-frame');
  }

  async function showSurface(page: Page, surface: string): Promise<void> {
    await page.getByRole('combobox', { name: /^Surface/ }).selectOption(surface);
    await expect(page.getByTestId('surface-shown')).toHaveText(`showing ${surface}`);
  }

  /** A React-controlled range input takes a value through the prototype setter and an input event. */
  async function slide(page: Page, label: string, value: number): Promise<void> {
    await page.getByLabel(label, { exact: true }).evaluate((input: HTMLInputElement, v) => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, String(v));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    }, value);
  }

  const curvature = async (side: 'left' | 'right') =>
    (await readGiftiData(readFileSync(join(dir, `curv_${side}.gii.gz`)))).maps[0].values;

  /** Clicks the view at a fraction of its size; checks the vertex read out is drawn there, with its curv value. */
  async function pickAt(page: Page, frame: Locator, fx: number, fy: number, hemisphere: 'lh' | 'rh') {
    const box = (await frame.boundingBox())!;
    const x = box.width * fx;
    const y = box.height * fy;
    await frame.locator('canvas').click({ position: { x, y } });
    const info = page.getByTestId('pick-info');
    await expect(info).toHaveText(new RegExp(`^${hemisphere} vertex \\d+: -?\\d\\.\\d{3} · `));
    const [, vertex, value] = /vertex (\d+): (-?[\d.]+)/.exec((await info.textContent())!)!;
    const expected = (await curvature(hemisphere === 'lh' ? 'left' : 'right'))[Number(vertex)];
    expect(Number(value)).toBeCloseTo(expected, 3);
    const [, px, py] = /drawn at ([\d.]+), ([\d.]+)/.exec(
      (await page.getByTestId('pick-place').textContent())!,
    )!;
    // The nearest corner of the clicked triangle: within an edge length (a few px at this zoom).
    expect(Math.hypot(Number(px) - x, Number(py) - y)).toBeLessThan(8);
  }

  test('morphs, scales, thresholds, outlines, picks and saves', async ({ page, log }) => {
    const frame = await openSandbox(page);
    await expect(frame).toHaveScreenshot('pial.png', SCREENSHOT);
    await expect(frame.getByText('cap A').first()).toBeVisible();

    await showSurface(page, 'inflated');
    await expect(frame).toHaveScreenshot('inflated.png', SCREENSHOT);
    await pickAt(page, frame, 0.25, 0.5, 'lh');
    await pickAt(page, frame, 0.72, 0.45, 'rh');

    // Symmetric: −0.3..0.2 becomes ±0.3, white at 0.
    await page.getByLabel('Symmetric').check();
    await expect(page.locator('main')).toContainText('-0.3');
    await expect(frame).toHaveScreenshot('inflated-symmetric.png', SCREENSHOT);
    await slide(page, 'Threshold', 0.12);
    await expect(page.getByText(/^\|v\| ≥ 0\.1[12]/)).toBeVisible();
    await expect(frame).toHaveScreenshot('inflated-threshold.png', SCREENSHOT);

    await showSurface(page, 'flat');
    await expect(frame).toHaveScreenshot('flat.png', SCREENSHOT);
    await pickAt(page, frame, 0.25, 0.35, 'lh');

    // Back to pial with the first settings: the very first frame again.
    await slide(page, 'Threshold', 0);
    await page.getByLabel('Symmetric').uncheck();
    await slide(page, 'vmin', -0.3);
    await slide(page, 'vmax', 0.2);
    await showSurface(page, 'pial');
    await expect(frame).toHaveScreenshot('pial.png', SCREENSHOT);
    await pickAt(page, frame, 0.25, 0.5, 'lh');

    // Without outlines the frame loses its lines and names.
    const outlined = await frame.screenshot();
    await page.getByLabel('Outlines').uncheck();
    await expect(frame.getByText('cap A')).toHaveCount(0);
    expect(await frame.screenshot()).not.toEqual(outlined);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save PNG' }).click();
    const png = readFileSync(await (await download).path());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    expect(log.errors).toEqual([]);
  });
});
