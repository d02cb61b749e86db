/**
 * The built-in demo subject: procedural images, a folded two-hemisphere surface, visual ROIs with a
 * retinotopic map, and simulated responses from a known model (docs/demo-subject.md). Deterministic
 * from the seed; pure TypeScript, so it runs the same in a worker, the browser and Node.
 */
import type { SubjectBundle } from '../bundle/types';
import { subContext, type JobContext } from '../jobs/progress';
import { deriveSeed } from '../random';
import { measureFeatures } from './features';
import { icosphereVertexCount } from './icosphere';
import { generateStimuli, type ImageLatents } from './images';
import { buildLeftHemisphere, mirrorHemisphere, toBundleHemisphere } from './mesh';
import { buildUnitModel, noiseCeiling, simulateResponses, type UnitModel } from './responses';
import { ROI_NAMES, buildRoiMap } from './rois';

export interface DemoOptions {
  seed: number;
  /** Total images; the first `testCount` (ids 0 .. testCount − 1) form the test split. */
  imageCount: number;
  testCount: number;
  /** Image side in pixels (≥ 16). */
  imageSize: number;
  /** Trials averaged per training image (default 2). */
  trainRepetitions?: number;
  /** Trials averaged per test image (default 3); also the n of the noise ceiling. */
  testRepetitions?: number;
  /** Icosphere subdivisions of each hemisphere (default 5: 10242 vertices, like fsaverage5). */
  meshSubdivisions?: number;
  appVersion?: string;
}

export const DEFAULT_DEMO: Required<DemoOptions> = {
  seed: 1,
  imageCount: 480,
  testCount: 80,
  imageSize: 96,
  trainRepetitions: 2,
  testRepetitions: 3,
  meshSubdivisions: 5,
  appVersion: '0.1.0',
};

export const DEMO_SUBJECT = 'demo01';
const DEMO_MODEL_VERSION = 'boldstudio-demo-1';

/** The demo with every response replaced by its noise-free value, and the latents behind it (for tests and teaching). */
export interface DemoTruth {
  bundle: SubjectBundle;
  latents: ImageLatents[];
  model: UnitModel;
}

type ResolvedOptions = Required<DemoOptions>;

function resolve(options: DemoOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    seed: options.seed,
    imageCount: options.imageCount,
    testCount: options.testCount,
    imageSize: options.imageSize,
    trainRepetitions: options.trainRepetitions ?? DEFAULT_DEMO.trainRepetitions,
    testRepetitions: options.testRepetitions ?? DEFAULT_DEMO.testRepetitions,
    meshSubdivisions: options.meshSubdivisions ?? DEFAULT_DEMO.meshSubdivisions,
    appVersion: options.appVersion ?? DEFAULT_DEMO.appVersion,
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new RangeError(`Demo options: ${what}`);
  };
  const int = (x: number) => Number.isInteger(x);
  check(int(o.seed), `seed must be an integer, got ${o.seed}`);
  check(int(o.imageCount) && int(o.testCount), 'image counts must be integers');
  check(
    o.testCount >= 1 && o.testCount < o.imageCount,
    `need 1 ≤ testCount < imageCount, got ${o.testCount} of ${o.imageCount}`,
  );
  check(
    int(o.imageSize) && o.imageSize >= 16 && o.imageSize <= 1024,
    `imageSize must be an integer in 16..1024, got ${o.imageSize}`,
  );
  for (const reps of [o.trainRepetitions, o.testRepetitions])
    check(int(reps) && reps >= 1 && reps <= 255, 'repetitions must be integers in 1..255');
  check(
    int(o.meshSubdivisions) && o.meshSubdivisions >= 2 && o.meshSubdivisions <= 7,
    'meshSubdivisions must be in 2..7',
  );
  return o;
}

/** Split a context into consecutive stages with progress shares proportional to their expected work. */
function stages(ctx: JobContext, work: number[]): JobContext[] {
  const total = work.reduce((a, b) => a + b, 0);
  let start = 0;
  return work.map((w) => {
    const stage = subContext(ctx, start / total, (start + w) / total);
    start += w;
    return stage;
  });
}

async function simulate(options: DemoOptions, ctx: JobContext, withNoise: boolean): Promise<DemoTruth> {
  const o = resolve(options);
  const n = o.imageCount;
  const vertices = icosphereVertexCount(o.meshSubdivisions);
  // Stage costs in ms as measured in Node: ~13 per 1000 vertices for the mesh and ROIs, ~0.6 to draw
  // and ~0.15 to measure a 96² image, ~0.9 per image and 20k units for the responses.
  const pixels = (o.imageSize / 96) ** 2;
  const [meshCtx, imageCtx, featureCtx, responseCtx] = stages(ctx, [
    vertices / 80,
    0.6 * n * pixels,
    0.15 * n * pixels,
    (0.9 * n * 2 * vertices) / 20000,
  ]);

  const lh = await buildLeftHemisphere(
    deriveSeed(o.seed, 'mesh'),
    o.meshSubdivisions,
    subContext(meshCtx, 0, 0.6),
  );
  const rh = mirrorHemisphere(lh);
  const roi = await buildRoiMap(lh, subContext(meshCtx, 0.6, 1));
  const { images, latents } = await generateStimuli(deriveSeed(o.seed, 'images'), n, o.imageSize, imageCtx);
  const features = await measureFeatures(images, o.imageSize, latents, featureCtx);
  const model = await buildUnitModel(
    [
      { sphere: lh.sphere, roi, fieldSide: 1 },
      { sphere: rh.sphere, roi, fieldSide: -1 },
    ],
    deriveSeed(o.seed, 'tuning'),
    subContext(responseCtx, 0, 0.1),
  );
  const plan = {
    testCount: o.testCount,
    trainRepetitions: o.trainRepetitions,
    testRepetitions: o.testRepetitions,
    noiseSeed: withNoise ? deriveSeed(o.seed, 'noise') : undefined,
  };
  const { train, test } = await simulateResponses(model, features, plan, subContext(responseCtx, 0.1, 1));

  const v = lh.sulc.length;
  const ids = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, k) => from + k);
  const labels = new Int32Array(2 * v);
  labels.set(roi.labels, 0);
  labels.set(roi.labels, v);
  const bundle: SubjectBundle = {
    subject: DEMO_SUBJECT,
    space: 'demo',
    units: {
      count: 2 * v,
      index: Int32Array.from({ length: 2 * v }, (_, u) => u % v),
      hemisphere: Uint8Array.from({ length: 2 * v }, (_, u) => (u < v ? 0 : 1)),
    },
    noiseCeiling: model.ncsnr.map((snr) => noiseCeiling(snr, o.testRepetitions)),
    train: {
      responses: train,
      nsdIds: ids(o.testCount, n),
      repetitions: new Uint8Array(n - o.testCount).fill(o.trainRepetitions),
    },
    test: {
      responses: test,
      nsdIds: ids(0, o.testCount),
      repetitions: new Uint8Array(o.testCount).fill(o.testRepetitions),
    },
    rois: [{ name: 'visual', labels, labelNames: [...ROI_NAMES] }],
    stimuli: { size: o.imageSize, images, nsdIds: ids(0, n) },
    hemispheres: [toBundleHemisphere(lh), toBundleHemisphere(rh)],
    provenance: {
      source: 'demo',
      appVersion: o.appVersion,
      // Fixed, not the clock: the same options must give the same bytes. The seed picks the second.
      created: new Date(Date.UTC(2024, 0, 1) + ((o.seed >>> 0) % 86400) * 1000).toISOString(),
      details: {
        seed: o.seed,
        model: DEMO_MODEL_VERSION,
        imageCount: n,
        testCount: o.testCount,
        imageSize: o.imageSize,
        trainRepetitions: o.trainRepetitions,
        testRepetitions: o.testRepetitions,
        meshVertices: v,
        noise: withNoise ? 'gaussian' : 'none (true responses)',
      },
    },
  };
  await ctx.checkpoint(1, 'Demo subject ready');
  return { bundle, latents, model };
}

/** Build the demo subject bundle. */
export async function generateDemoSubject(options: DemoOptions, ctx: JobContext): Promise<SubjectBundle> {
  return (await simulate(options, ctx, true)).bundle;
}

/** The same demo without measurement noise: its responses are the true (noise-free) responses. */
export function generateDemoTruth(options: DemoOptions, ctx: JobContext): Promise<DemoTruth> {
  return simulate(options, ctx, false);
}
