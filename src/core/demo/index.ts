/** The built-in demo subject; see docs/demo-subject.md for its response model. */
export { DEFAULT_DEMO, DEMO_SUBJECT, generateDemoSubject, generateDemoTruth } from './subject';
export type { DemoOptions, DemoTruth } from './subject';
export { noiseCeiling, VISUAL_FIELD_DEG } from './responses';
export type { UnitModel, ReceptiveFields } from './responses';
export { ROI_NAMES } from './rois';
export { GLOBAL_FEATURES } from './features';
export type { ImageLatents, DemoObject } from './images';
