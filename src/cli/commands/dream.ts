/**
 * `boldstudio dream --encoder E.h5 --roi NAME [--objective JSON] [--steps N] [--size S] [--batch B] [--seed K]
 * --out dream.png --report report.json [--model M.onnx] [--bundle B.h5]`: an image optimised so that the encoder
 * predicts a high mean response in an ROI (or any objective), with a JSON report of the settings, the
 * objective's trace and the predicted ROI responses of the dream and of the bundle's test images.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { preprocessImages, type Preprocessing } from '../../core/backbone/preprocess';
import {
  dream,
  dreamEncoder,
  DREAM_DEFAULTS,
  type DreamFrame,
  type DreamSettings,
} from '../../core/dream/dream';
import { imageGrid } from '../../core/dream/images';
import { meanResponses, roiLabels, roiUnits, type ObjectiveSpec } from '../../core/dream/objective';
import { predictResponses } from '../../core/dream/predict';
import { encodeRgbPng } from '../../core/formats/pngWrite';
import { UsageError, type Command } from '../command';
import { encoderBackbone, readEncoderFile } from '../encoderFile';
import { readBundleFile } from '../featureArgs';
import { nodeEngine } from '../nodeEngine';
import { terminalProgress } from '../progress';

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new UsageError(`--${name} must be an integer, not "${value}"`);
  return n;
}

function number(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${value}"`);
  return n;
}

/** --objective's JSON; its terms default to +1 × the --roi. */
function objectiveSpec(json: string | undefined, roi: string): ObjectiveSpec {
  if (json === undefined) return { terms: [{ roi, weight: 1 }] };
  let spec;
  try {
    spec = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`--objective is not valid JSON (${(error as Error).message})`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new UsageError('--objective must be a JSON object like {"terms":[{"roi":"FFA","weight":1}]}');
  return { ...spec, terms: spec.terms ?? [{ roi, weight: 1 }] };
}

const round = (x: number) => Number(x.toPrecision(6));

export const dreamCommand: Command = {
  name: 'dream',
  summary: 'optimise an image that drives an ROI (or any objective) in a fitted encoder',
  usage:
    'boldstudio dream --encoder E.h5 --roi NAME [--objective JSON] [--steps N] [--size S] [--batch B] [--seed K] ' +
    '[--lr X] [--param fourier|pixels] [--transforms STRENGTH] [--model M.onnx] [--bundle B.h5] ' +
    '--out dream.png --report report.json',
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        encoder: { type: 'string' },
        roi: { type: 'string' },
        objective: { type: 'string' },
        steps: { type: 'string' },
        size: { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        lr: { type: 'string' },
        param: { type: 'string' },
        transforms: { type: 'string' },
        model: { type: 'string' },
        bundle: { type: 'string' },
        out: { type: 'string' },
        report: { type: 'string' },
      },
    });
    for (const need of ['encoder', 'roi', 'out', 'report'] as const)
      if (!values[need]) throw new UsageError(`--${need} is required`);
    const encoderPath = values.encoder!;
    const encoder = await readEncoderFile(resolve(encoderPath));
    const roi = values.roi!;
    const roiNames = roiLabels(encoder.rois);
    if (!roiNames.includes(roi))
      throw new UsageError(
        `${encoderPath} has no ROI "${roi}"; its ROIs are ${roiNames.join(', ') || 'none'}`,
      );
    const param = values.param ?? DREAM_DEFAULTS.parameterisation;
    if (param !== 'fourier' && param !== 'pixels')
      throw new UsageError(`--param must be fourier or pixels, not "${param}"`);
    const inputSize = encoder.recipe.preprocessing.inputSize;
    const settings: DreamSettings = {
      ...DREAM_DEFAULTS,
      objective: objectiveSpec(values.objective, roi),
      steps: integer(values.steps, 'steps', DREAM_DEFAULTS.steps),
      size: integer(values.size, 'size', inputSize),
      batch: integer(values.batch, 'batch', DREAM_DEFAULTS.batch),
      seed: integer(values.seed, 'seed', DREAM_DEFAULTS.seed),
      learningRate: number(values.lr, 'lr', DREAM_DEFAULTS.learningRate),
      parameterisation: param,
      transforms: number(values.transforms, 'transforms', DREAM_DEFAULTS.transforms),
    };

    const backbone = await encoderBackbone(encoderPath, encoder, values.model);
    const target = dreamEncoder(backbone, encoder);
    const engine = nodeEngine();
    const started = performance.now();
    let last: DreamFrame | undefined;
    let firstStepAt: number | undefined;
    for await (const frame of dream(settings, target, engine, terminalProgress('dream'))) {
      firstStepAt ??= performance.now();
      last = frame;
    }
    const finished = performance.now();
    const { rgb, trace, responses } = last!;

    const grid = imageGrid(rgb, settings.size);
    const out = resolve(values.out!);
    writeFileSync(out, await encodeRgbPng(grid.width, grid.height, grid.rgb));

    const v = encoder.units.count;
    const unitsOf = (name: string) => roiUnits(encoder.rois, name);
    const perImage = meanResponses(responses!, v, unitsOf(roi));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const report: Record<string, unknown> = {
      encoder: encoderPath,
      subject: encoder.subject,
      model: encoder.recipe.model.name,
      inputSize,
      roi,
      settings,
      dream: {
        png: out,
        response: round(mean(perImage)),
        perImage: perImage.map(round),
        rois: Object.fromEntries(
          roiNames.map((name) => [name, round(mean(meanResponses(responses!, v, unitsOf(name))))]),
        ),
      },
      trace: trace.map((t) => ({ ...t, objective: round(t.objective), terms: t.terms.map(round) })),
      seconds: {
        // The first frame comes after the gradient graph is built and one step is taken.
        setupAndFirstStep: round((firstStepAt! - started) / 1000),
        perStep: round((finished - firstStepAt!) / 1000 / Math.max(1, settings.steps - 1)),
      },
    };

    let natural: { nsdId: number; response: number } | undefined;
    if (values.bundle) {
      const bundle = await readBundleFile(resolve(values.bundle));
      const { size, images, nsdIds } = bundle.stimuli;
      const testIds = new Set(bundle.test.nsdIds);
      const rows = Array.from(nsdIds.keys()).filter((r) => testIds.has(nsdIds[r]));
      const frame = size * size * 3;
      const picked = new Uint8Array(rows.length * frame);
      rows.forEach((r, i) => picked.set(images.subarray(r * frame, (r + 1) * frame), i * frame));
      // Mean 0 and std 1 give RGB / 255, the encoder graph's input; the graph normalises itself.
      const unit: Preprocessing = { inputSize, mean: [0, 0, 0], std: [1, 1, 1], channelOrder: 'RGB' };
      const predicted = await predictResponses(
        target.graph,
        preprocessImages(picked, size, unit),
        inputSize,
        engine,
        terminalProgress('test images'),
      );
      const roiMeans = meanResponses(predicted, v, unitsOf(roi));
      const best = roiMeans.indexOf(Math.max(...roiMeans));
      natural = { nsdId: nsdIds[rows[best]], response: round(roiMeans[best]) };
      report.natural = {
        bundle: values.bundle,
        images: rows.map((r, i) => ({ nsdId: nsdIds[r], response: round(roiMeans[i]) })),
        best: natural,
      };
    }
    writeFileSync(resolve(values.report!), JSON.stringify(report, null, 2) + '\n');

    const d = report.dream as { response: number; rois: Record<string, number> };
    console.log(
      `wrote ${out} (${settings.batch} × ${settings.size}²) and ${values.report}: predicted mean ${roi} response ` +
        `${d.response.toFixed(3)} after ${settings.steps} steps`,
    );
    console.log(
      `  other ROIs: ${Object.entries(d.rois)
        .filter(([name]) => name !== roi)
        .map(([name, x]) => `${name} ${x.toFixed(3)}`)
        .join(', ')}`,
    );
    if (natural)
      console.log(`  best natural test image: nsd ${natural.nsdId}, ${roi} ${natural.response.toFixed(3)}`);
    return 0;
  },
};
