/**
 * The image as a function of the optimised parameters, lucent-style: Fourier coefficients with 1/f scaling
 * (or plain pixels) → optional colour decorrelation → sigmoid into [0, 1]. `render` keeps what `backward`
 * needs, so one render/backward pair per step gives the parameters' gradient from the image's.
 */
import type { Rng } from '../random';
import { mixColours } from './colour';
import { fourierBasis, FourierPlane } from './fourier';

export type ParameterKind = 'fourier' | 'pixels';

export interface ParameterSettings {
  kind: ParameterKind;
  decorrelate: boolean;
  /** Images and their side in pixels. */
  batch: number;
  size: number;
}

export interface ImageParameterisation {
  settings: ParameterSettings;
  /** Number of parameters (batch × 3 × size × size). */
  length: number;
  /** Initial parameters: N(0, sd²), lucent's init (sd 0.01). */
  init(rng: Rng, sd?: number): Float64Array;
  /** Parameters → images (batch × 3 × size × size, planar RGB in [0, 1]). */
  render(params: Float64Array): Float64Array;
  /** d(loss)/d(image) of the last render → d(loss)/d(params). */
  backward(imageGradient: Float64Array): Float64Array;
}

export function imageParameterisation(settings: ParameterSettings): ImageParameterisation {
  const { batch, size, kind, decorrelate } = settings;
  const plane = size * size;
  const length = batch * 3 * plane;
  const basis = kind === 'fourier' ? fourierBasis(size) : undefined;
  const fourier = basis && new FourierPlane(basis, basis);
  let image = new Float64Array(length);

  return {
    settings,
    length,
    init(rng, sd = 0.01) {
      return Float64Array.from({ length }, () => sd * rng.normal());
    },
    render(params) {
      const linear = new Float64Array(length);
      for (let p = 0; p < length; p += plane)
        if (fourier) fourier.toImage(params.subarray(p, p + plane), linear.subarray(p, p + plane));
        else linear.set(params.subarray(p, p + plane), p);
      if (decorrelate) mixColours(linear, plane, false);
      image = linear.map((z) => 1 / (1 + Math.exp(-z)));
      return image;
    },
    backward(imageGradient) {
      const g = imageGradient.map((d, i) => d * image[i] * (1 - image[i]));
      if (decorrelate) mixColours(g, plane, true);
      if (!fourier) return g;
      const out = new Float64Array(length);
      for (let p = 0; p < length; p += plane)
        fourier.toCoefficients(g.subarray(p, p + plane), out.subarray(p, p + plane));
      return out;
    },
  };
}
