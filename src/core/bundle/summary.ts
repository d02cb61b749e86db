/** A small, displayable description of a subject bundle (what the Data panel and `inspect` print). */
import { median } from '../stats';
import type { SubjectBundle } from './types';

export interface RoiSummary {
  name: string;
  labels: { name: string; units: number }[];
}

export interface BundleSummary {
  subject: string;
  space: string;
  units: number;
  trainImages: number;
  testImages: number;
  imageSize: number;
  medianNoiseCeiling: number;
  rois: RoiSummary[];
  hemispheres: { name: string; vertices: number; faces: number; surfaces: string[] }[];
  source: string;
}

export function summarizeBundle(bundle: SubjectBundle): BundleSummary {
  return {
    subject: bundle.subject,
    space: bundle.space,
    units: bundle.units.count,
    trainImages: bundle.train.nsdIds.length,
    testImages: bundle.test.nsdIds.length,
    imageSize: bundle.stimuli.size,
    medianNoiseCeiling: median(bundle.noiseCeiling),
    rois: bundle.rois.map((roi) => {
      const counts = new Array<number>(roi.labelNames.length).fill(0);
      for (const label of roi.labels) if (label > 0) counts[label - 1]++;
      return { name: roi.name, labels: roi.labelNames.map((name, i) => ({ name, units: counts[i] })) };
    }),
    hemispheres: (bundle.hemispheres ?? []).map((h) => {
      const first = Object.values(h.surfaces)[0];
      return {
        name: h.name,
        vertices: first ? first.positions.length / 3 : 0,
        faces: first ? first.faces.length / 3 : 0,
        surfaces: Object.keys(h.surfaces),
      };
    }),
    source: bundle.provenance.source,
  };
}
