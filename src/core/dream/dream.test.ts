/**
 * The optimiser on a small encoder-shaped graph (image → Conv → Relu → global mean → readout = responses):
 * the objective rises, frames come as promised, the same seed gives the same bytes, and a cancelled job stops.
 */
import { describe, expect, it } from 'vitest';
import { CancelledError, createJobContext, silentContext } from '../jobs/progress';
import { buildModel, floatTensor, node, tensorInfo } from '../onnx/builder';
import { createRng } from '../random';
import { wasmEngine } from '../testing/gradcheck';
import { dream, DREAM_DEFAULTS, type DreamEncoder, type DreamFrame, type DreamSettings } from './dream';

const SIDE = 16;
const UNITS = 6;

function smallEncoder(): DreamEncoder {
  const rng = createRng(21);
  const channels = 4;
  const conv = Float32Array.from({ length: channels * 3 * 9 }, () => rng.normal() * 0.5);
  const readout = Float32Array.from({ length: channels * UNITS }, () => rng.normal());
  const graph = buildModel({
    name: 'small-encoder',
    inputs: [tensorInfo('image', ['batch', 3, SIDE, SIDE])],
    outputs: [tensorInfo('responses', ['batch', UNITS])],
    initializers: [
      floatTensor('w', [channels, 3, 3, 3], conv),
      floatTensor('readout', [channels, UNITS], readout),
    ],
    nodes: [
      node('Conv', ['image', 'w'], ['conv'], { pads: [1, 1, 1, 1] }),
      node('Relu', ['conv'], ['act']),
      node('GlobalAveragePool', ['act'], ['gap']),
      node('Flatten', ['gap'], ['features']),
      node('MatMul', ['features', 'readout'], ['responses']),
    ],
  });
  return {
    graph,
    inputSize: SIDE,
    unitCount: UNITS,
    rois: [{ name: 'test', labels: Int32Array.of(1, 1, 1, 2, 2, 2), labelNames: ['A', 'B'] }],
  };
}

const settings = (over: Partial<DreamSettings> = {}): DreamSettings => ({
  ...DREAM_DEFAULTS,
  objective: { terms: [{ roi: 'A', weight: 1 }], diversity: 0.5, tv: 0.1 },
  steps: 24,
  size: 12,
  batch: 2,
  seed: 3,
  previewEvery: 10,
  ...over,
});

async function frames(s: DreamSettings, ctx = silentContext): Promise<DreamFrame[]> {
  const out: DreamFrame[] = [];
  for await (const f of dream(s, smallEncoder(), wasmEngine, ctx)) out.push(f);
  return out;
}

describe('dream', () => {
  it('raises the objective and yields frames after step 1, every previewEvery steps and at the end', async () => {
    const run = await frames(settings());
    expect(run.map((f) => f.step)).toEqual([1, 10, 20, 24]);
    const last = run.at(-1)!;
    expect(last.rgb.length).toBe(2 * 12 * 12 * 3);
    expect(last.responses!.length).toBe(2 * UNITS);
    expect(last.trace.length).toBe(24);
    const early = last.trace.slice(0, 4).reduce((s, t) => s + t.objective, 0);
    const late = last.trace.slice(-4).reduce((s, t) => s + t.objective, 0);
    expect(late).toBeGreaterThan(early);
  });

  it('gives identical images for the same seed and other images for another', async () => {
    const a = (await frames(settings())).at(-1)!;
    const b = (await frames(settings())).at(-1)!;
    const c = (await frames(settings({ seed: 4 }))).at(-1)!;
    expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(true);
    expect(b.responses).toEqual(a.responses);
    expect(Buffer.from(c.rgb).equals(Buffer.from(a.rgb))).toBe(false);
  });

  it('continues from given parameters and refuses ones of the wrong length', async () => {
    const first = (await frames(settings({ steps: 4 }))).at(-1)!;
    const more: DreamFrame[] = [];
    for await (const f of dream(
      settings({ steps: 0 }),
      smallEncoder(),
      wasmEngine,
      silentContext,
      first.params,
    ))
      more.push(f);
    expect(Buffer.from(more[0].rgb).equals(Buffer.from(first.rgb))).toBe(true);
    const wrong = dream(settings(), smallEncoder(), wasmEngine, silentContext, new Float64Array(3));
    await expect(wrong.next()).rejects.toThrow('init has 3 parameters; these settings need 864');
  });

  it('stops when its job is cancelled', async () => {
    let checkpoints = 0;
    const ctx = createJobContext({ isCancelled: () => ++checkpoints > 5 });
    await expect(frames(settings(), ctx)).rejects.toBeInstanceOf(CancelledError);
  });
});
