/**
 * Procedural stimuli: a background that blends a scene layer (horizon, sky/ground gradients, walls,
 * perspective lines) with a texture layer (gratings, plaids, oriented noise), plus 0–3 objects (discs,
 * rectangles, face-like ovals). Each image has its own seeded stream, so image k is the same whatever
 * the image count. The latent attributes are returned because the response model reads them.
 */
import type { JobContext } from '../jobs/progress';
import { createRng, deriveSeed, type Rng } from '../random';

export type Rgb = [number, number, number];
export type ObjectKind = 'disc' | 'rect' | 'face';
export type TextureKind = 'grating' | 'plaid' | 'noise';

export interface DemoObject {
  kind: ObjectKind;
  /** Centre, fractions of the image side (x right, y down). */
  x: number;
  y: number;
  /** Half-height, fraction of the image side. */
  size: number;
  /** Width / height. */
  aspect: number;
  /** Rotation in radians (rectangles only). */
  angle: number;
  colour: Rgb;
}

export interface ImageLatents {
  id: number;
  /** Weight of the scene layer in the background blend, 0 (pure texture) .. 1 (pure scene). */
  sceneness: number;
  /** Horizon height at the image centre, fraction of the side from the top. */
  horizon: number;
  /** Nominal fraction of the scene layer covered by large planes (walls). */
  planeArea: number;
  texture: { kind: TextureKind; orientation: number; frequency: number };
  objects: DemoObject[];
  /** Sum of face heights, fractions of the image side (0 without faces). */
  faceSize: number;
  /** Nominal area of all objects (faces included), fraction of the image (overlaps and clipping ignored). */
  objectArea: number;
}

/** HSV in [0, 1]³ to RGB in [0, 1]³. */
function hsv(h: number, s: number, v: number): Rgb {
  const f = (n: number) => {
    const k = (n + h * 6) % 6;
    return v - v * s * Math.max(0, Math.min(k, 4 - k, 1));
  };
  return [f(5), f(3), f(1)];
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** Integer lattice hash in [0, 1) for value noise. */
function latticeValue(i: number, j: number, salt: number): number {
  let h = Math.imul(i, 0x27d4eb2d) ^ Math.imul(j, 0x165667b1) ^ salt;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

interface Plane {
  left: number;
  right: number;
  top: number;
  bottom: number;
  colour: Rgb;
}

/** A layer paints a whole size × size × 3 float image; pixel centres at u = (x + 0.5) / size, v likewise. */
type Layer = (out: Float32Array, size: number) => void;

/** cos(n·θ) from cos θ by the Chebyshev recurrence: radial lines without an atan2 per pixel. */
function cosMultiple(n: number, c: number): number {
  let previous = 1;
  let current = c;
  for (let k = 1; k < n; k++) {
    const next = 2 * c * current - previous;
    previous = current;
    current = next;
  }
  return current;
}

/** The scene layer: sky and ground gradients split by a horizon, perspective lines, walls. */
function sceneLayer(rng: Rng, horizon: number): { paint: Layer; planeArea: number } {
  const tilt = rng.range(-0.08, 0.08);
  const dusk = rng.next() < 0.25;
  const skyHue = dusk ? rng.range(0.02, 0.1) : rng.range(0.53, 0.64);
  const skyTop = hsv(skyHue, rng.range(0.3, 0.7), rng.range(0.45, 0.8));
  const skyLow = hsv(skyHue, rng.range(0.05, 0.3), rng.range(0.8, 1));
  const near = hsv(rng.range(0.06, 0.33), rng.range(0.3, 0.7), rng.range(0.25, 0.55));
  const far = mix(near, skyLow, rng.range(0.3, 0.6));
  const vanishing = rng.range(0.2, 0.8);
  const lines = 3 + rng.int(8);
  const lineContrast = rng.range(0, 0.45);
  const planes: Plane[] = [];
  const planeCount = rng.int(3);
  for (let k = 0; k < planeCount; k++) {
    const width = rng.range(0.15, 0.45);
    const left = rng.range(-0.1, 1 - width + 0.1);
    planes.push({
      left,
      right: left + width,
      top: horizon - rng.range(0.12, 0.4),
      bottom: horizon + rng.range(0, 0.12),
      colour: hsv(rng.next(), rng.range(0, 0.35), rng.range(0.3, 0.85)),
    });
  }
  const planeArea = planes.reduce(
    (a, p) => a + (Math.min(1, p.right) - Math.max(0, p.left)) * (p.bottom - Math.max(0, p.top)),
    0,
  );
  const paint: Layer = (out, size) => {
    for (let y = 0; y < size; y++) {
      const v = (y + 0.5) / size;
      for (let x = 0; x < size; x++) {
        const u = (x + 0.5) / size;
        const o = 3 * (y * size + x);
        const h = horizon + tilt * (u - 0.5);
        if (v < h) {
          const t = Math.sqrt(v / h);
          for (let k = 0; k < 3; k++) out[o + k] = skyTop[k] + (skyLow[k] - skyTop[k]) * t;
        } else {
          // Lines radiating from the vanishing point read as a floor or road in perspective.
          const t = Math.min(1, (v - h) / (1 - h));
          const dx = u - vanishing;
          const dy = v - h;
          const ray = 0.5 + 0.5 * cosMultiple(lines, dx / Math.sqrt(dx * dx + dy * dy + 1e-12));
          const shade = 1 - lineContrast * (ray * ray) * (ray * ray) * (ray * ray);
          for (let k = 0; k < 3; k++) out[o + k] = (far[k] + (near[k] - far[k]) * t) * shade;
        }
      }
    }
    for (const p of planes) {
      // Anti-aliased coverage of an axis-aligned wall, lit more towards its top.
      for (
        let y = Math.max(0, Math.floor(p.top * size));
        y < Math.min(size, Math.ceil(p.bottom * size));
        y++
      ) {
        const v = (y + 0.5) / size;
        const coverY = Math.min(1, Math.max(0, Math.min(v - p.top, p.bottom - v) * size + 0.5));
        const light = 0.25 * (p.bottom - v);
        for (
          let x = Math.max(0, Math.floor(p.left * size));
          x < Math.min(size, Math.ceil(p.right * size));
          x++
        ) {
          const u = (x + 0.5) / size;
          const cover = coverY * Math.min(1, Math.max(0, Math.min(u - p.left, p.right - u) * size + 0.5));
          const o = 3 * (y * size + x);
          for (let k = 0; k < 3; k++)
            out[o + k] += (p.colour[k] + (1 - p.colour[k]) * light - out[o + k]) * cover;
        }
      }
    }
  };
  return { paint, planeArea };
}

/** Samples per period of the grating profile: plenty for ≥ 4 pixels per cycle. */
const WAVE_TABLE = 256;

/**
 * The texture layer: a grating, a plaid or oriented value noise between two colours c1 and c2. Its
 * `values` paints the pattern value t ∈ [0, 1] per pixel (size × size); the caller mixes the colours.
 */
function textureLayer(rng: Rng) {
  const kinds: TextureKind[] = ['grating', 'plaid', 'noise'];
  const kind = kinds[rng.int(3)];
  const orientation = rng.range(0, Math.PI);
  const frequency = Math.exp(rng.range(Math.log(2), Math.log(kind === 'noise' ? 16 : 24)));
  const second = orientation + rng.range(Math.PI / 4, Math.PI / 2);
  const secondFrequency = frequency * rng.range(0.6, 1.6);
  const sharpness = rng.range(0.5, 6);
  const phase = rng.next();
  const stretch = rng.range(1, 4);
  const salt = rng.int(0x7fffffff);
  const c1 = hsv(rng.next(), rng.range(0, 0.9), rng.range(0.1, 0.9));
  const c2 = mix(c1, hsv(rng.next(), rng.range(0, 0.9), rng.range(0.2, 1)), rng.range(0.3, 1));
  // One period of the grating profile; sharpness turns a sine into a near square wave (crisper edges).
  const wave = new Float32Array(WAVE_TABLE);
  for (let i = 0; i < WAVE_TABLE; i++) {
    const s = Math.tanh(sharpness * Math.sin((2 * Math.PI * i) / WAVE_TABLE)) / Math.tanh(sharpness);
    wave[i] = kind === 'plaid' ? 0.25 + 0.25 * s : 0.5 + 0.5 * s;
  }
  const cx = Math.cos(orientation);
  const cy = Math.sin(orientation);
  const values = (out: Float32Array, size: number) => {
    // Gratings: the phase (in cycles) is linear in x and y, tabulated profile looked up per pixel.
    const grating = (theta: number, f: number, p: number, add: boolean) => {
      const fx = (f * Math.cos(theta)) / size;
      const fy = (f * Math.sin(theta)) / size;
      for (let y = 0; y < size; y++) {
        let cycles = p + fx * 0.5 + fy * (y + 0.5);
        for (let x = 0; x < size; x++, cycles += fx) {
          const w = wave[Math.floor((cycles - Math.floor(cycles)) * WAVE_TABLE)];
          out[y * size + x] = add ? out[y * size + x] + w : w;
        }
      }
    };
    if (kind === 'grating') grating(orientation, frequency, phase, false);
    if (kind === 'plaid') {
      grating(orientation, frequency, phase, false);
      grating(second, secondFrequency, 0, true);
    }
    if (kind !== 'noise') return;
    // Value noise on a rotated, stretched lattice: oriented streaks of a given spatial frequency.
    for (let y = 0; y < size; y++) {
      const v = (y + 0.5) / size;
      for (let x = 0; x < size; x++) {
        const u = (x + 0.5) / size;
        const a = frequency * (u * cx + v * cy) + 64;
        const b = (frequency / stretch) * (v * cx - u * cy) + 64;
        const i = Math.floor(a);
        const j = Math.floor(b);
        const sa = (a - i) * (a - i) * (3 - 2 * (a - i));
        const sb = (b - j) * (b - j) * (3 - 2 * (b - j));
        const top = latticeValue(i, j, salt) * (1 - sa) + latticeValue(i + 1, j, salt) * sa;
        const low = latticeValue(i, j + 1, salt) * (1 - sa) + latticeValue(i + 1, j + 1, salt) * sa;
        out[y * size + x] = top * (1 - sb) + low * sb;
      }
    }
  };
  return { values, c1, c2, latent: { kind, orientation, frequency } };
}

/** Most backgrounds are a pure scene (1) or a pure texture (0); a fifth blend the two. */
function drawSceneness(rng: Rng): number {
  const r = rng.next();
  return r < 0.4 ? 1 : r < 0.8 ? 0 : rng.range(0.1, 0.9);
}

function drawObject(rng: Rng): DemoObject {
  const r = rng.next();
  const kind: ObjectKind = r < 0.35 ? 'face' : r < 0.7 ? 'disc' : 'rect';
  const skin = hsv(rng.range(0.03, 0.1), rng.range(0.25, 0.6), rng.range(0.35, 0.95));
  return {
    kind,
    x: rng.range(0.15, 0.85),
    y: rng.range(0.15, 0.85),
    size: rng.range(0.07, 0.25),
    aspect: kind === 'face' ? rng.range(0.65, 0.85) : kind === 'disc' ? 1 : rng.range(0.4, 2.5),
    angle: kind === 'rect' ? rng.range(-Math.PI / 4, Math.PI / 4) : 0,
    colour: kind === 'face' ? skin : hsv(rng.next(), rng.range(0.2, 1), rng.range(0.2, 1)),
  };
}

/** Signed distance (pixels) to an axis-aligned ellipse with half-axes a, b: approximate but smooth. */
function ellipseDistance(dx: number, dy: number, a: number, b: number): number {
  return (Math.sqrt((dx * dx) / (a * a) + (dy * dy) / (b * b)) - 1) * Math.min(a, b);
}

/** Coverage of a pixel by a shape whose signed distance is d (1-pixel anti-aliasing ramp). */
const coverage = (d: number) => Math.min(1, Math.max(0, 0.5 - d));

/** Alpha-blend colour c over out[o..o+2]. */
function paint(out: Float32Array | Rgb, c: ArrayLike<number>, alpha: number, o = 0) {
  if (alpha <= 0) return;
  out[o] += (c[0] - out[o]) * alpha;
  out[o + 1] += (c[1] - out[o + 1]) * alpha;
  out[o + 2] += (c[2] - out[o + 2]) * alpha;
}

const EYE_WHITE: Rgb = [0.95, 0.95, 0.92];
const PUPIL: Rgb = [0.06, 0.05, 0.05];
const MOUTH: Rgb = [0.45, 0.08, 0.1];

function drawObjectPixels(object: DemoObject, size: number, pixels: Float32Array) {
  const cx = object.x * size;
  const cy = object.y * size;
  const b = object.size * size;
  const a = b * object.aspect;
  const reach = Math.hypot(a, b) + 1;
  const cos = Math.cos(object.angle);
  const sin = Math.sin(object.angle);
  const colour = new Float32Array(3);
  for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(size, Math.ceil(cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(size, Math.ceil(cx + reach)); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const o = 3 * (y * size + x);
      if (object.kind === 'rect') {
        const qx = Math.abs(dx * cos + dy * sin) - a;
        const qy = Math.abs(-dx * sin + dy * cos) - b;
        const d = Math.sqrt(Math.max(qx, 0) ** 2 + Math.max(qy, 0) ** 2) + Math.min(Math.max(qx, qy), 0);
        paint(pixels, object.colour, coverage(d), o);
        continue;
      }
      const alpha = coverage(ellipseDistance(dx, dy, a, b));
      if (alpha <= 0) continue;
      // Simple shading, lit from the upper left, makes discs and faces read as solid objects.
      const light = Math.max(0, (-dx - dy) / (a + b)) * 0.35;
      for (let k = 0; k < 3; k++) colour[k] = object.colour[k] + (1 - object.colour[k]) * light;
      if (object.kind === 'face') {
        const eye = 0.2 * a;
        for (const side of [-1, 1]) {
          const ex = dx - side * 0.4 * a;
          const ey = dy + 0.18 * b;
          paint(colour, EYE_WHITE, coverage(ellipseDistance(ex, ey, eye, eye * 0.75)));
          paint(colour, PUPIL, coverage(ellipseDistance(ex, ey, eye * 0.5, eye * 0.5)));
        }
        paint(colour, MOUTH, coverage(ellipseDistance(dx, dy - 0.48 * b, 0.42 * a, Math.max(0.7, 0.08 * b))));
      }
      paint(pixels, colour, alpha, o);
    }
  }
}

/** Area of an object, fraction of the image (nominal: overlaps and clipping at the border ignored). */
function objectArea(object: DemoObject): number {
  const b = object.size;
  return object.kind === 'rect' ? 4 * b * b * object.aspect : Math.PI * b * b * object.aspect;
}

/** Float buffers reused across images. */
export interface RenderScratch {
  /** size × size × 3 colours. */
  pixels: Float32Array;
  /** size × size texture values. */
  texture: Float32Array;
}

export function createRenderScratch(size: number): RenderScratch {
  return { pixels: new Float32Array(size * size * 3), texture: new Float32Array(size * size) };
}

/** Render image `id` of the demo with the given seed into `out` (size × size × 3 uint8 RGB). */
export function renderImage(
  seed: number,
  id: number,
  size: number,
  out: Uint8Array,
  scratch: RenderScratch,
): ImageLatents {
  const rng = createRng(deriveSeed(seed, `image ${id}`));
  const sceneness = drawSceneness(rng);
  const horizon = rng.range(0.3, 0.65);
  const scene = sceneLayer(rng, horizon);
  const texture = textureLayer(rng);
  const objects = Array.from({ length: rng.int(4) }, () => drawObject(rng));

  // Background = sceneness · scene + (1 − sceneness) · texture coloured between c1 and c2.
  const { pixels } = scratch;
  if (sceneness > 0) scene.paint(pixels, size);
  if (sceneness < 1) {
    texture.values(scratch.texture, size);
    const { c1, c2 } = texture;
    for (let i = 0, o = 0; i < scratch.texture.length; i++, o += 3) {
      const t = scratch.texture[i];
      for (let k = 0; k < 3; k++) {
        pixels[o + k] = sceneness * pixels[o + k] + (1 - sceneness) * (c1[k] + (c2[k] - c1[k]) * t);
      }
    }
  }
  for (const object of objects) drawObjectPixels(object, size, pixels);
  // A clamped view does the clamping and rounding (half to even) natively, much faster than Math.round.
  const clamped = new Uint8ClampedArray(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < out.length; i++) clamped[i] = 255 * pixels[i];

  return {
    id,
    sceneness,
    horizon,
    planeArea: scene.planeArea,
    texture: texture.latent,
    objects,
    faceSize: objects.reduce((s, o) => s + (o.kind === 'face' ? 2 * o.size : 0), 0),
    objectArea: objects.reduce((s, o) => s + objectArea(o), 0),
  };
}

export interface Stimuli {
  /** count × size × size × 3 uint8 RGB. */
  images: Uint8Array;
  latents: ImageLatents[];
}

/** Render images 0 .. count−1, one checkpoint per image. */
export async function generateStimuli(
  seed: number,
  count: number,
  size: number,
  ctx: JobContext,
): Promise<Stimuli> {
  const bytes = size * size * 3;
  const images = new Uint8Array(count * bytes);
  const scratch = createRenderScratch(size);
  const latents: ImageLatents[] = [];
  for (let id = 0; id < count; id++) {
    latents.push(renderImage(seed, id, size, images.subarray(id * bytes, (id + 1) * bytes), scratch));
    await ctx.checkpoint((id + 1) / count, `Drawing image ${id + 1} of ${count}`);
  }
  return { images, latents };
}
