import { LinearFilter, NearestFilter } from 'three';
import { describe, expect, it } from 'vitest';
import { OVERLAY_MODE, SurfaceShading } from './material';
import type { Overlay } from './types';

const scalar = (over: Partial<Extract<Overlay, { kind: 'scalar' }>> = {}): Overlay => ({
  kind: 'scalar',
  values: new Float32Array(4),
  colormap: 'viridis',
  vmin: -1,
  vmax: 2,
  ...over,
});

describe('SurfaceShading', () => {
  it('starts with curvature only', () => {
    expect(new SurfaceShading().uniforms.mode.value).toBe(OVERLAY_MODE.none);
  });

  it('maps a scalar overlay to uniforms and a linear colormap texture', () => {
    const shading = new SurfaceShading();
    shading.setOverlay(scalar({ threshold: 0.5 }));
    const u = shading.uniforms;
    expect([u.mode.value, u.vmin.value, u.vmax.value, u.threshold.value]).toEqual([
      OVERLAY_MODE.scalar,
      -1,
      2,
      0.5,
    ]);
    expect((u.lut.value?.image as ImageData | undefined)?.width).toBe(256);
    expect(u.lut.value?.magFilter).toBe(LinearFilter);
  });

  it('keeps the texture when only the range or threshold changes, and rebuilds it for a new colormap', () => {
    const shading = new SurfaceShading();
    shading.setOverlay(scalar());
    const texture = shading.uniforms.lut.value;
    shading.setOverlay(scalar({ vmin: 0, vmax: 9, threshold: 3 }));
    expect(shading.uniforms.lut.value).toBe(texture);
    expect(shading.uniforms.threshold.value).toBe(3);
    shading.setOverlay(scalar({ colormap: 'hot' }));
    expect(shading.uniforms.lut.value).not.toBe(texture);
    expect(shading.uniforms.threshold.value).toBe(0);
  });

  it('centres a symmetric overlay on 0 by the larger magnitude', () => {
    const shading = new SurfaceShading();
    shading.setOverlay(scalar({ vmin: -0.2, vmax: 0.5, symmetric: true }));
    expect([shading.uniforms.vmin.value, shading.uniforms.vmax.value]).toEqual([-0.5, 0.5]);
  });

  it('moves surfaces and outlines by one shared morph uniform', () => {
    const shading = new SurfaceShading();
    expect(shading.outlineMaterial.uniforms.morph).toBe(shading.uniforms.morph);
    shading.uniforms.morph.value = 0.25;
    expect(shading.outlineMaterial.uniforms.morph.value).toBe(0.25);
  });

  it('maps a categorical overlay to a palette texel per label, read without filtering', () => {
    const shading = new SurfaceShading();
    shading.setOverlay({ kind: 'categorical', values: new Int32Array(4), labelNames: ['V1', 'V2', 'V3'] });
    const u = shading.uniforms;
    expect(u.mode.value).toBe(OVERLAY_MODE.categorical);
    expect(u.paletteSize.value).toBe(3);
    expect((u.lut.value?.image as ImageData | undefined)?.width).toBe(3);
    expect(u.lut.value?.magFilter).toBe(NearestFilter);
    shading.setOverlay(undefined);
    expect(u.mode.value).toBe(OVERLAY_MODE.none);
  });

  it('declares the shader inputs the geometry provides', () => {
    const { vertexShader } = new SurfaceShading().material;
    expect(vertexShader).toMatch(/in float curvature;/);
    expect(vertexShader).toMatch(/in float value;/);
    expect(vertexShader).toMatch(/in vec3 morphPosition;/);
    expect(vertexShader).toMatch(/in vec3 morphNormal;/);
    expect(new SurfaceShading().outlineMaterial.vertexShader).toMatch(/in vec3 morphPosition;/);
  });
});
