/**
 * A trained encoder: how images become features (the recipe), the linear readout from features to every
 * unit's response, and how well it predicts the held-out test images. Everything needed to reuse it —
 * re-open it in the studio, predict new images, export it as one ONNX model — is in here.
 */
import type { LayerFeatures, ReductionChoices } from '../backbone/featureSet';
import type { Preprocessing } from '../backbone/preprocess';
import type { RoiSet, Space, Units } from '../bundle/types';
import type { CvRule } from '../numerics/ridge';
import type { RoiSummary, UnitScores } from './metrics';

/** One layer's reduction, as fitted on the training images: LayerFeatures without the feature values. */
export type LayerRecipe = Omit<LayerFeatures, 'values'>;

/** How features are made from an image: the backbone (by hash), its preprocessing and each layer's reduction. */
export interface FeatureRecipe {
  /** `modelPath`: where the CLI read the backbone from, so `export-onnx` can find it again. */
  model: { name: string; sha256: string; modelPath?: string };
  preprocessing: Preprocessing;
  pool: number;
  choices: ReductionChoices;
  /** The readout's features are these layers' features concatenated in this order. */
  layers: LayerRecipe[];
}

/** prediction(image) = features(image) · weights + intercept. */
export interface Readout {
  /** Features (sum of the layers' dims) and units. */
  d: number;
  v: number;
  /** d × v, row-major. */
  weights: Float32Array;
  intercept: Float32Array;
  /** The α grid and the α chosen per unit. */
  alphas: Float64Array;
  alpha: Float64Array;
  cv: CvRule;
  /** 0 for GCV. */
  folds: number;
}

/** Accuracy of a readout fitted on one layer alone (layers fitted separately). */
export interface LayerAccuracy {
  name: string;
  /** Test-set Pearson r per unit. */
  r: Float32Array;
  medianR: number;
}

export interface EncoderMetrics {
  /** Test image ids, in the order predictions were scored. */
  testIds: Int32Array;
  /** The readout's test-set accuracy per unit. */
  scores: UnitScores;
  rois: RoiSummary[];
  /** Per-layer fits (empty when one layer was fitted): each layer's accuracy map. */
  layers: LayerAccuracy[];
  /** Per unit, index into `layers` of the layer with the highest test r (absent without per-layer fits). */
  bestLayer?: Uint8Array;
  /** Shuffled-image control: the same fit with training responses permuted across images (chance level). */
  control?: { medianR: number; r: Float32Array };
}

export interface Encoder {
  subject: string;
  space: Space;
  units: Units;
  /** The subject's ROI sets, per unit (targets for dreams and saliency). */
  rois: RoiSet[];
  recipe: FeatureRecipe;
  readout: Readout;
  metrics: EncoderMetrics;
  /** ISO time of the fit. */
  created: string;
  appVersion: string;
}
