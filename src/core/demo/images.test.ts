import { describe, expect, it } from 'vitest';
import { silentContext } from '../jobs/progress';
import { createRenderScratch, generateStimuli, renderImage } from './images';

const SIZE = 64;
const BYTES = SIZE * SIZE * 3;

describe('demo images', () => {
  it('renders each image from its own seeded stream, whatever the image count', async () => {
    const small = await generateStimuli(5, 12, SIZE, silentContext);
    const large = await generateStimuli(5, 40, SIZE, silentContext);
    expect(large.images.subarray(0, 12 * BYTES)).toEqual(small.images);
    expect(large.latents.slice(0, 12)).toEqual(small.latents);
    const other = await generateStimuli(6, 12, SIZE, silentContext);
    expect(other.images).not.toEqual(small.images);
  });

  it('draws varied scenes, textures and objects with consistent latents', async () => {
    const { images, latents } = await generateStimuli(1, 300, SIZE, silentContext);
    expect(latents.map((l) => l.id)).toEqual(latents.map((_, i) => i));
    const kinds = new Set(latents.flatMap((l) => l.objects.map((o) => o.kind)));
    expect([...kinds].sort()).toEqual(['disc', 'face', 'rect']);
    expect(new Set(latents.map((l) => l.texture.kind)).size).toBe(3);
    expect(new Set(latents.map((l) => l.objects.length))).toEqual(new Set([0, 1, 2, 3]));
    const scenes = latents.filter((l) => l.sceneness === 1).length;
    const textures = latents.filter((l) => l.sceneness === 0).length;
    expect(scenes).toBeGreaterThan(80);
    expect(textures).toBeGreaterThan(80);
    expect(latents.length - scenes - textures).toBeGreaterThan(30);
    for (const l of latents) {
      const faces = l.objects.filter((o) => o.kind === 'face');
      expect(l.faceSize).toBeCloseTo(
        faces.reduce((s, o) => s + 2 * o.size, 0),
        12,
      );
      expect(l.faceSize > 0).toBe(faces.length > 0);
      expect(l.objectArea > 0).toBe(l.objects.length > 0);
      expect(l.sceneness).toBeGreaterThanOrEqual(0);
      expect(l.sceneness).toBeLessThanOrEqual(1);
    }
    // Images differ from each other and use a good part of the colour range.
    const means = latents.map((_, i) => {
      let sum = 0;
      for (let p = i * BYTES; p < (i + 1) * BYTES; p++) sum += images[p];
      return sum / BYTES;
    });
    expect(new Set(means.map((m) => Math.round(m))).size).toBeGreaterThan(60);
    expect(images.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(images.reduce((a, b) => Math.max(a, b))).toBe(255);
  });

  it('draws a face as a skin oval with dark eyes and mouth', () => {
    // Find an image whose first object is a large face, then read pixels at its eyes and cheeks.
    const scratch = createRenderScratch(SIZE);
    const out = new Uint8Array(BYTES);
    for (let id = 0; id < 500; id++) {
      const latents = renderImage(2, id, SIZE, out, scratch);
      const face = latents.objects.at(-1);
      if (face?.kind !== 'face' || face.size < 0.2) continue;
      const pixel = (dx: number, dy: number) => {
        const x = Math.floor((face.x + dx * face.size * face.aspect) * SIZE);
        const y = Math.floor((face.y + dy * face.size) * SIZE);
        const p = 3 * (y * SIZE + x);
        return out[p] + out[p + 1] + out[p + 2];
      };
      // Pupils are darker than the cheek below them, and so is the mouth.
      expect(pixel(-0.4, -0.18)).toBeLessThan(pixel(-0.4, 0.2));
      expect(pixel(0.4, -0.18)).toBeLessThan(pixel(0.4, 0.2));
      expect(pixel(0, 0.48)).toBeLessThan(pixel(0, 0.2));
      return;
    }
    throw new Error('no large face found');
  });
});
