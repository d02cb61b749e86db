/** Inference worker: ONNX Runtime sessions (backbones, gradient graphs) off the UI thread. */
import type { BackendPreference } from '../src/core/compute/backend';
import { openBackend } from './ortBackend';
import { exposeJobs } from './runtime';

export const inferenceJobs = {
  openBackend: (args: { preference: BackendPreference }) => openBackend(args.preference),
};

export type InferenceJobs = typeof inferenceJobs;

exposeJobs(inferenceJobs);
