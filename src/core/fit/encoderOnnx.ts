/**
 * A whole encoder as one ONNX model, to predict brain responses to new images anywhere ONNX runs:
 *
 *   image (batch, 3, S, S): RGB pixel values / 255, already resized to the recipe's inputSize S
 *     → [Gather channels 2,1,0 when the backbone wants BGR] → Sub mean, Div std       (preprocess.ts)
 *     → the backbone, its taps reduced in-graph to channel means + k × k cells        (reductionGraph.ts)
 *     → per layer: Gather the kept channels' columns → [Sub PCA mean, MatMul componentsᵀ]   (featureSet.ts)
 *     → Concat layers → MatMul weights (d × units) → Add intercept → responses (batch, units)
 *
 * Nodes and weights no output depends on (the backbone past its deepest tap) are dropped.
 */
import { create } from '@bufbuild/protobuf';
import { StringStringEntryProtoSchema, type GraphProto, type ModelProto, type NodeProto } from 'onnx-buf';
import type { Engine } from '../backbone/engine';
import { tapGeometries } from '../backbone/extract';
import { effectivePool, describeGeometry, type TapGeometry } from '../backbone/geometry';
import type { Preprocessing } from '../backbone/preprocess';
import { keptColumns } from '../backbone/reduce';
import { featureOutput, GraphAppender, reductionModel } from '../backbone/reductionGraph';
import { tensorInfo } from '../onnx/builder';
import { imageInput, listLayers } from '../onnx/taps';
import type { Encoder, FeatureRecipe } from './encoder';
import { ENCODER_FORMAT } from './encoderHdf5';

export const ENCODER_INPUT = 'image';
export const ENCODER_OUTPUT = 'responses';

export class EncoderExportError extends Error {
  override name = 'EncoderExportError';
}

const unique = (names: string[]) => [...new Set(names)];

/** The backbone's image input, checked against the recipe's input size; its batch dim is kept. */
function backboneInput(backbone: ModelProto, p: Preprocessing) {
  const input = imageInput(backbone);
  const [batch, channels, height, width] = input.shape;
  if (typeof channels === 'number' && channels !== 3)
    throw new EncoderExportError(`the backbone's input "${input.name}" takes ${channels} channels, not 3`);
  for (const side of [height, width])
    if (typeof side === 'number' && side !== p.inputSize)
      throw new EncoderExportError(
        `the backbone's input "${input.name}" is fixed at ${height}×${width} but the encoder was fitted at ${p.inputSize}`,
      );
  return { name: input.name, batch: typeof batch === 'number' ? batch : 'batch' };
}

function checkTapsExist(backbone: ModelProto, recipe: FeatureRecipe): void {
  const known = new Set([
    ...listLayers(backbone).map((l) => l.name),
    ...backbone.graph!.output.map((o) => o.name),
  ]);
  const missing = unique(recipe.layers.map((l) => l.name)).filter((n) => !known.has(n));
  if (missing.length)
    throw new EncoderExportError(
      `the backbone has no layer ${missing.map((n) => `"${n}"`).join(', ')}, which the encoder reads; ` +
        `it was fitted on ${recipe.model.name} (sha256 ${recipe.model.sha256.slice(0, 12)}…)`,
    );
}

function checkRecipe(encoder: Encoder): void {
  const { recipe, readout } = encoder;
  for (const layer of recipe.layers) {
    const pool = effectivePool(layer.geometry, recipe.pool);
    if (layer.pool !== pool)
      throw new EncoderExportError(
        `layer "${layer.name}" has pool ${layer.pool}; its geometry gives ${pool}`,
      );
  }
  const d = recipe.layers.reduce((sum, l) => sum + l.dim, 0);
  if (d !== readout.d || readout.v !== encoder.units.count)
    throw new EncoderExportError(
      `the readout maps ${readout.d} features to ${readout.v} units; the recipe makes ${d} features for ${encoder.units.count} units`,
    );
}

/** image (RGB / 255) → the backbone's input, as preprocessImages makes it. */
function normalize(g: GraphAppender, p: Preprocessing, output: string): void {
  const order = p.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const ordered =
    p.channelOrder === 'RGB' ? ENCODER_INPUT : g.op('Gather', [ENCODER_INPUT, g.ints(order)], { axis: 1 });
  const perChannel = (v: readonly number[]) => Float32Array.from(order, (c) => v[c]);
  const centred = g.op('Sub', [ordered, g.floats([1, 3, 1, 1], perChannel(p.mean), 'mean')]);
  g.op('Div', [centred, g.floats([1, 3, 1, 1], perChannel(p.std), 'std')], {}, output);
}

/** Reduced tap rows → features (kept columns, PCA) → responses. */
function readoutHead(g: GraphAppender, encoder: Encoder): void {
  const columns = encoder.recipe.layers.map((layer) => {
    const kept = g.op(
      'Gather',
      [
        featureOutput(layer.name),
        g.ints(Array.from(keptColumns(layer.channels, layer.geometry.channels, layer.pool))),
      ],
      { axis: 1 },
    );
    if (!layer.pca) return kept;
    const d = layer.pca.mean.length;
    const k = layer.dim;
    const axesT = new Float32Array(d * k);
    for (let j = 0; j < k; j++)
      for (let f = 0; f < d; f++) axesT[f * k + j] = layer.pca.components[j * d + f];
    const centred = g.op('Sub', [kept, g.floats([d], layer.pca.mean, 'pca_mean')]);
    return g.op('MatMul', [centred, g.floats([d, k], axesT, 'pca_axes')]);
  });
  const features = g.op('Concat', columns, { axis: 1 });
  const { d, v, weights, intercept } = encoder.readout;
  const linear = g.op('MatMul', [features, g.floats([d, v], weights, 'weights')]);
  g.op('Add', [linear, g.floats([v], intercept, 'intercept')], {}, ENCODER_OUTPUT);
}

/** Every tensor name a node reads, including names its subgraphs (If, Loop, Scan) take from outer scope. */
function nodeReads(n: NodeProto, into: Set<string>): void {
  n.input.forEach((i) => into.add(i));
  for (const a of n.attribute)
    for (const sub of [a.g, ...a.graphs]) sub?.node.forEach((inner) => nodeReads(inner, into));
}

/** Drops nodes no graph output depends on, then initializers (and inputs) no remaining node reads. */
function prune(graph: GraphProto): void {
  const needed = new Set(graph.output.map((o) => o.name));
  const keep = new Array<boolean>(graph.node.length).fill(false);
  // Nodes are in topological order, so one backward pass finds everything the outputs depend on.
  for (let i = graph.node.length - 1; i >= 0; i--) {
    const n = graph.node[i];
    if (!n.output.some((o) => needed.has(o))) continue;
    keep[i] = true;
    nodeReads(n, needed);
  }
  graph.node = graph.node.filter((_, i) => keep[i]);
  graph.initializer = graph.initializer.filter((t) => needed.has(t.name));
  graph.input = graph.input.filter((i) => needed.has(i.name));
  graph.valueInfo = graph.valueInfo.filter((vi) => needed.has(vi.name));
}

function rename(graph: GraphProto, from: string, to: string): void {
  for (const n of graph.node) {
    n.input = n.input.map((i) => (i === from ? to : i));
    for (const a of n.attribute) [a.g, ...a.graphs].forEach((sub) => sub && rename(sub, from, to));
  }
}

/**
 * The encoder as one ONNX model on `backbone`, which must be the model it was fitted on: taps are checked
 * by name here; checkBackbone() checks their shapes by running the backbone.
 */
export function encoderModel(backbone: ModelProto, encoder: Encoder): ModelProto {
  const { recipe } = encoder;
  checkRecipe(encoder);
  const input = backboneInput(backbone, recipe.preprocessing);
  checkTapsExist(backbone, recipe);
  const taps = new Map(recipe.layers.map((l) => [l.name, { name: l.name, geometry: l.geometry }]));
  const model = reductionModel(backbone, [...taps.values()], recipe.pool);
  const graph = model.graph!;

  const taken = new Set([...graph.node.flatMap((n) => n.output), ...graph.initializer.map((t) => t.name)]);
  for (const name of [ENCODER_INPUT, ENCODER_OUTPUT])
    if (taken.has(name)) throw new EncoderExportError(`the backbone already has a tensor named "${name}"`);

  const pre = new GraphAppender('boldstudio_encoder_input');
  const normalized = pre.name('normalized');
  normalize(pre, recipe.preprocessing, normalized);
  rename(graph, input.name, normalized);
  const head = new GraphAppender('boldstudio_encoder');
  readoutHead(head, encoder);

  const size = recipe.preprocessing.inputSize;
  const initializerNames = new Set(graph.initializer.map((t) => t.name));
  graph.input = [
    tensorInfo(ENCODER_INPUT, [input.batch, 3, size, size]),
    // Old models list their initializers as inputs too.
    ...graph.input.filter((i) => initializerNames.has(i.name)),
  ];
  graph.output = [tensorInfo(ENCODER_OUTPUT, [input.batch, encoder.units.count])];
  graph.node = [...pre.nodes, ...graph.node, ...head.nodes];
  graph.initializer.push(...pre.initializers, ...head.initializers);
  graph.name = `${encoder.subject} encoder`;
  prune(graph);

  const meta: Record<string, string> = {
    format: ENCODER_FORMAT,
    subject: encoder.subject,
    space: encoder.space,
    units: String(encoder.units.count),
    layers: recipe.layers.map((l) => l.name).join(','),
    model: recipe.model.name,
    model_sha256: recipe.model.sha256,
    input: `RGB pixel values / 255, (batch, 3, ${size}, ${size})`,
    created: encoder.created,
    app_version: encoder.appVersion,
  };
  model.metadataProps = Object.entries(meta).map(([key, value]) =>
    create(StringStringEntryProtoSchema, { key, value }),
  );
  return model;
}

const sameGeometry = (a: TapGeometry, b: TapGeometry) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/** Runs the backbone once on a blank image and throws unless every tap has the geometry the recipe records. */
export async function checkBackbone(
  backbone: ModelProto,
  recipe: FeatureRecipe,
  engine: Engine,
): Promise<void> {
  checkTapsExist(backbone, recipe);
  const input = backboneInput(backbone, recipe.preprocessing);
  const batch = typeof input.batch === 'number' ? input.batch : 1;
  const side = recipe.preprocessing.inputSize;
  const names = unique(recipe.layers.map((l) => l.name));
  const geometries = await tapGeometries(engine, backbone, names, { name: input.name, batch }, side);
  for (const layer of recipe.layers) {
    const actual = geometries[names.indexOf(layer.name)];
    if (!sameGeometry(actual, layer.geometry))
      throw new EncoderExportError(
        `layer "${layer.name}" is ${describeGeometry(actual)} in this backbone; the encoder was fitted on ${describeGeometry(layer.geometry)}`,
      );
  }
}
