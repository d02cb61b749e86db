/**
 * Surface shading: curvature gray underneath, overlay colour from a lookup texture on top, a
 * headlight for shape; and the outline lines. Both blend the two loaded surfaces by one shared
 * `morph` uniform. Colormap, range and threshold are uniforms and a 256-texel texture, so changing
 * them re-uploads nothing per vertex.
 */

import {
  DataTexture,
  DoubleSide,
  GLSL3,
  LinearFilter,
  NearestFilter,
  RGBAFormat,
  ShaderMaterial,
  UnsignedByteType,
  type IUniform,
  type Texture,
} from 'three';
import { categoricalPalette, colormapLUT, LUT_SIZE, type ColormapName } from './colormaps';
import {
  CURVATURE_ATTRIBUTE,
  MORPH_NORMAL_ATTRIBUTE,
  MORPH_POSITION_ATTRIBUTE,
  NO_DATA_LIMIT,
  VALUE_ATTRIBUTE,
} from './geometry';
import { scalarRange } from './scale';
import type { Overlay } from './types';

export const OVERLAY_MODE = { none: 0, scalar: 1, categorical: 2 } as const;

export interface SurfaceUniforms {
  [name: string]: IUniform;
  lut: IUniform<Texture | null>;
  mode: IUniform<number>;
  vmin: IUniform<number>;
  vmax: IUniform<number>;
  threshold: IUniform<number>;
  paletteSize: IUniform<number>;
  /** 0 shows the surface in slot 0, 1 the one in slot 1. */
  morph: IUniform<number>;
}

/** Outline colour: near-black reads on curvature gray and on every colormap. */
const OUTLINE_RGB = '0.05, 0.05, 0.05';

/** The blended position, shared by the surface and outline vertex shaders. */
const morphedPosition = /* glsl */ `
in vec3 ${MORPH_POSITION_ATTRIBUTE};
uniform float morph;
vec4 morphedPosition() {
  return projectionMatrix * modelViewMatrix * vec4(mix(position, ${MORPH_POSITION_ATTRIBUTE}, morph), 1.0);
}
`;

const vertexShader = /* glsl */ `
${morphedPosition}
in vec3 ${MORPH_NORMAL_ATTRIBUTE};
in float ${CURVATURE_ATTRIBUTE};
in float ${VALUE_ATTRIBUTE};
out vec3 vNormal;
out float vCurvature;
out float vValue;
// Labels must not blend across a face: take one corner's.
flat out float vLabel;

void main() {
  vNormal = normalize(normalMatrix * mix(normal, ${MORPH_NORMAL_ATTRIBUTE}, morph));
  vCurvature = ${CURVATURE_ATTRIBUTE};
  vValue = ${VALUE_ATTRIBUTE};
  vLabel = ${VALUE_ATTRIBUTE};
  gl_Position = morphedPosition();
}
`;

const fragmentShader = /* glsl */ `
precision highp float;
precision highp int;

uniform sampler2D lut;
uniform int mode;
uniform float vmin;
uniform float vmax;
uniform float threshold;
uniform int paletteSize;

in vec3 vNormal;
in float vCurvature;
in float vValue;
flat in float vLabel;
out vec4 fragColor;

const float NO_DATA_LIMIT = ${NO_DATA_LIMIT.toExponential()};
const float LUT_SIZE = ${LUT_SIZE.toFixed(1)};
// Gyri light, sulci dark, with a narrow blend so the pattern reads as binary.
const float GYRUS_GRAY = 0.74;
const float SULCUS_GRAY = 0.48;
// Light from slightly above-left of the camera, so it moves with the view.
const vec3 LIGHT = vec3(-0.26, 0.34, 0.9);

void main() {
  vec3 color = vec3(mix(GYRUS_GRAY, SULCUS_GRAY, smoothstep(-0.15, 0.15, vCurvature)));
  if (mode == ${OVERLAY_MODE.scalar}) {
    float magnitude = abs(vValue);
    if (magnitude < NO_DATA_LIMIT && magnitude >= threshold) {
      float t = clamp((vValue - vmin) / max(vmax - vmin, 1e-20), 0.0, 1.0);
      // Texel centres span [0.5, LUT_SIZE - 0.5], so t = 0 and 1 hit the end colours exactly.
      color = texture(lut, vec2((t * (LUT_SIZE - 1.0) + 0.5) / LUT_SIZE, 0.5)).rgb;
    }
  } else if (mode == ${OVERLAY_MODE.categorical}) {
    // Range-check before converting: int() of a huge float is undefined.
    if (vLabel > 0.5 && vLabel < float(paletteSize) + 0.5) {
      color = texelFetch(lut, ivec2(int(vLabel + 0.5) - 1, 0), 0).rgb;
    }
  }
  vec3 n = normalize(gl_FrontFacing ? vNormal : -vNormal);
  float diffuse = max(dot(n, normalize(LIGHT)), 0.0);
  fragColor = vec4(color * (0.38 + 0.62 * diffuse), 1.0);
}
`;

const outlineVertexShader = /* glsl */ `
${morphedPosition}
void main() {
  gl_Position = morphedPosition();
}
`;

const outlineFragmentShader = /* glsl */ `
precision highp float;
out vec4 fragColor;
void main() {
  fragColor = vec4(${OUTLINE_RGB}, 1.0);
}
`;

function lookupTexture(data: Uint8Array, filter: typeof LinearFilter | typeof NearestFilter): DataTexture {
  const texture = new DataTexture(data, data.length / 4, 1, RGBAFormat, UnsignedByteType);
  texture.minFilter = filter;
  texture.magFilter = filter;
  texture.generateMipmaps = false;
  texture.needsUpdate = true;
  return texture;
}

/**
 * The shared surface and outline materials and the lookup textures. The colormap texture is rebuilt
 * only when the colormap changes, the palette only when the number of labels does.
 */
export class SurfaceShading {
  readonly material: ShaderMaterial;
  readonly outlineMaterial: ShaderMaterial;
  readonly uniforms: SurfaceUniforms;
  private colormap?: { name: ColormapName; texture: DataTexture };
  private palette?: { size: number; texture: DataTexture };

  constructor() {
    this.uniforms = {
      lut: { value: null },
      mode: { value: OVERLAY_MODE.none },
      vmin: { value: 0 },
      vmax: { value: 1 },
      threshold: { value: 0 },
      paletteSize: { value: 0 },
      morph: { value: 0 },
    };
    this.material = new ShaderMaterial({
      glslVersion: GLSL3,
      vertexShader,
      fragmentShader,
      uniforms: this.uniforms,
      // Meshes may be open (medial wall cut) or wound either way; shade both sides.
      side: DoubleSide,
      // Outlines lie exactly on the surface: push the triangles back so the lines win the depth test.
      polygonOffset: true,
      polygonOffsetFactor: 1,
      polygonOffsetUnits: 1,
    });
    this.outlineMaterial = new ShaderMaterial({
      glslVersion: GLSL3,
      vertexShader: outlineVertexShader,
      fragmentShader: outlineFragmentShader,
      // The same uniform object: one morph value moves surfaces and outlines together.
      uniforms: { morph: this.uniforms.morph },
    });
  }

  /** Points the uniforms at `overlay`'s colouring; per-vertex values are the geometry's job. */
  setOverlay(overlay: Overlay | undefined): void {
    const u = this.uniforms;
    if (!overlay) {
      u.mode.value = OVERLAY_MODE.none;
    } else if (overlay.kind === 'scalar') {
      u.mode.value = OVERLAY_MODE.scalar;
      [u.vmin.value, u.vmax.value] = scalarRange(overlay);
      u.threshold.value = overlay.threshold ?? 0;
      u.lut.value = this.colormapTexture(overlay.colormap);
    } else {
      u.mode.value = OVERLAY_MODE.categorical;
      u.paletteSize.value = overlay.labelNames.length;
      u.lut.value = this.paletteTexture(overlay.labelNames.length);
    }
  }

  dispose(): void {
    this.material.dispose();
    this.outlineMaterial.dispose();
    this.colormap?.texture.dispose();
    this.palette?.texture.dispose();
  }

  private colormapTexture(name: ColormapName): DataTexture {
    if (this.colormap?.name !== name) {
      this.colormap?.texture.dispose();
      this.colormap = { name, texture: lookupTexture(colormapLUT(name), LinearFilter) };
    }
    return this.colormap.texture;
  }

  private paletteTexture(size: number): DataTexture {
    if (this.palette?.size !== size) {
      this.palette?.texture.dispose();
      this.palette = { size, texture: lookupTexture(categoricalPalette(size), NearestFilter) };
    }
    return this.palette.texture;
  }
}
