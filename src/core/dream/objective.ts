/**
 * What a dream maximises, over an encoder's predicted responses: a weighted sum of mean responses of ROIs,
 * unit sets or single units (negative weights minimise, as BOLDreams' max/min objective), minus a diversity
 * penalty (mean cosine similarity of the batch images' responses) and the image priors. The response
 * terms' gradient is the cotangent fed to the encoder's VJP graph.
 */
import type { RoiSet } from '../bundle/types';

export type ObjectiveTerm =
  { roi: string; weight: number } | { units: number[]; weight: number } | { unit: number; weight: number };

export interface ObjectiveSpec {
  terms: ObjectiveTerm[];
  /** Weight of the mean pairwise cosine similarity between the batch's responses (on the terms' units). */
  diversity?: number;
  /** Weights of the total-variation and L2 image priors (prior.ts). */
  tv?: number;
  l2?: number;
}

export interface ResolvedTerm {
  name: string;
  weight: number;
  units: Int32Array;
}

export interface Objective {
  terms: ResolvedTerm[];
  /** Every unit of any term, ascending: the responses the diversity penalty compares. */
  units: Int32Array;
  diversity: number;
  tv: number;
  l2: number;
}

export class ObjectiveError extends Error {
  override name = 'ObjectiveError';
}

/** Every ROI label of the encoder, in set order, for error messages and pickers. */
export function roiLabels(rois: RoiSet[]): string[] {
  return rois.flatMap((set) => set.labelNames);
}

/** The units labelled `name` in the first ROI set that has that label. */
export function roiUnits(rois: RoiSet[], name: string): Int32Array {
  const set = rois.find((s) => s.labelNames.includes(name));
  if (!set)
    throw new ObjectiveError(
      `no ROI named "${name}"; the encoder has ${roiLabels(rois).join(', ') || 'no ROIs'}`,
    );
  const k = set.labelNames.indexOf(name) + 1;
  const units: number[] = [];
  set.labels.forEach((label, u) => label === k && units.push(u));
  if (!units.length) throw new ObjectiveError(`ROI "${name}" has no units`);
  return Int32Array.from(units);
}

const finite = (v: unknown, what: string, fallback?: number): number => {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ObjectiveError(`${what} must be a number`);
  return v;
};

function checkUnit(u: unknown, unitCount: number): number {
  if (!Number.isInteger(u) || (u as number) < 0 || (u as number) >= unitCount)
    throw new ObjectiveError(`unit ${JSON.stringify(u)} is not an index 0..${unitCount - 1}`);
  return u as number;
}

/** Checks a spec (e.g. parsed JSON) and resolves its terms to units of an encoder. */
export function resolveObjective(spec: ObjectiveSpec, rois: RoiSet[], unitCount: number): Objective {
  if (!Array.isArray(spec.terms) || spec.terms.length === 0)
    throw new ObjectiveError('the objective needs at least one term');
  const terms = spec.terms.map((term, i): ResolvedTerm => {
    const weight = finite(term.weight, `term ${i + 1}'s weight`, 1);
    if ('roi' in term) return { name: term.roi, weight, units: roiUnits(rois, term.roi) };
    if ('unit' in term) {
      const u = checkUnit(term.unit, unitCount);
      return { name: `unit ${u}`, weight, units: Int32Array.of(u) };
    }
    if ('units' in term && Array.isArray(term.units) && term.units.length) {
      const units = Int32Array.from(term.units, (u) => checkUnit(u, unitCount));
      return { name: `${units.length} units`, weight, units };
    }
    throw new ObjectiveError(`term ${i + 1} needs "roi", "unit" or a non-empty "units"`);
  });
  const union = new Set(terms.flatMap((t) => Array.from(t.units)));
  const nonNegative = (v: unknown, what: string) => {
    const x = finite(v, what, 0);
    if (x < 0) throw new ObjectiveError(`${what} must be ≥ 0`);
    return x;
  };
  return {
    terms,
    units: Int32Array.from(union).sort(),
    diversity: nonNegative(spec.diversity, 'diversity'),
    tv: nonNegative(spec.tv, 'tv'),
    l2: nonNegative(spec.l2, 'l2'),
  };
}

/** Mean response of `units` in each image of `responses` (images × unitCount). */
export function meanResponses(responses: Float32Array, unitCount: number, units: Int32Array): number[] {
  const images = responses.length / unitCount;
  return Array.from({ length: images }, (_, b) => {
    let sum = 0;
    for (const u of units) sum += responses[b * unitCount + u];
    return sum / units.length;
  });
}

export interface ResponseLoss {
  /** Per term, its mean response over the batch. */
  terms: number[];
  /** Mean pairwise cosine similarity of the batch's responses (0 for one image). */
  similarity: number;
  /** −(Σ weight·term) + diversity·similarity: what the optimiser minimises, before the priors. */
  loss: number;
  /** d(loss)/d(responses), images × unitCount. */
  cotangent: Float32Array;
}

/** The response part of the loss at these responses, averaged over the batch, with its gradient. */
export function responseLoss(objective: Objective, responses: Float32Array, unitCount: number): ResponseLoss {
  const batch = responses.length / unitCount;
  const cotangent = new Float32Array(responses.length);
  const terms = objective.terms.map((term) => {
    const share = -term.weight / term.units.length / batch;
    for (let b = 0; b < batch; b++) for (const u of term.units) cotangent[b * unitCount + u] += share;
    const means = meanResponses(responses, unitCount, term.units);
    return means.reduce((s, x) => s + x, 0) / batch;
  });
  let loss = -objective.terms.reduce((s, t, i) => s + t.weight * terms[i], 0);
  const similarity = batch > 1 ? cosineSimilarity(objective, responses, unitCount, cotangent) : 0;
  loss += objective.diversity * similarity;
  return { terms, similarity, loss, cotangent };
}

/**
 * Mean cosine similarity over ordered pairs i ≠ j of the images' responses on the objective's units;
 * adds diversity × its gradient into `cotangent`.
 */
function cosineSimilarity(
  objective: Objective,
  responses: Float32Array,
  unitCount: number,
  cotangent: Float32Array,
): number {
  const { units, diversity } = objective;
  const batch = responses.length / unitCount;
  const vectors = Array.from({ length: batch }, (_, b) =>
    Float64Array.from(units, (u) => responses[b * unitCount + u]),
  );
  const norms = vectors.map((v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1);
  const pairs = batch * (batch - 1);
  let total = 0;
  for (let i = 0; i < batch; i++)
    for (let j = 0; j < batch; j++) {
      if (i === j) continue;
      let dot = 0;
      for (let k = 0; k < units.length; k++) dot += vectors[i][k] * vectors[j][k];
      const cos = dot / (norms[i] * norms[j]);
      total += cos;
      // d cos(a, b)/da = b/(|a||b|) − cos·a/|a|²; the pair (j, i) gives image j its share.
      for (let k = 0; k < units.length; k++) {
        const d = vectors[j][k] / (norms[i] * norms[j]) - (cos * vectors[i][k]) / norms[i] ** 2;
        cotangent[i * unitCount + units[k]] += (2 * diversity * d) / pairs;
      }
    }
  return total / pairs;
}
