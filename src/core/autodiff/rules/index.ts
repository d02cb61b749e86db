/** Every gradient rule, by ONNX op type. */
import type { GradRule } from '../context';
import { ELEMENTWISE_RULES } from './elementwise';

export const RULES: Record<string, GradRule> = {
  ...ELEMENTWISE_RULES,
};
