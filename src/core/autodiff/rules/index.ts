/** Every gradient rule, by ONNX op type. */
import type { GradRule } from '../context';
import { ELEMENTWISE_RULES } from './elementwise';
import { NORMALIZE_RULES } from './normalize';
import { SHAPE_RULES } from './shape';

export const RULES: Record<string, GradRule> = {
  ...ELEMENTWISE_RULES,
  ...NORMALIZE_RULES,
  ...SHAPE_RULES,
};
