/** Every gradient rule, by ONNX op type. */
import type { GradRule } from '../context';
import { ELEMENTWISE_RULES } from './elementwise';
import { LINEAR_RULES } from './linear';
import { NORMALIZE_RULES } from './normalize';
import { POOL_RULES } from './pool';
import { SHAPE_RULES } from './shape';

export const RULES: Record<string, GradRule> = {
  ...ELEMENTWISE_RULES,
  ...LINEAR_RULES,
  ...POOL_RULES,
  ...NORMALIZE_RULES,
  ...SHAPE_RULES,
};
