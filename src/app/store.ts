/** The studio's one store: what the UI shows. Workers and jobs feed it through actions. */
import { create } from 'zustand';
import type { BackendStatus } from '../core/compute/backend';
import type { ProgressUpdate } from '../core/jobs/progress';
import type { StoredFile } from '../../workers/fileStore';
import type { DreamView, FitView } from '../../workers/fitting.worker';
import type { CvRule } from '../core/numerics/ridge';
import { DREAM_DEFAULTS } from '../core/dream/dream';
import type { MapKey } from './brainMaps';
import { EMPTY_SURFACE_SET, type SurfaceSet } from '../core/formats/surfaceSet';
import type { SubjectView } from '../../workers/data.worker';
import type { PickedFile } from '../../workers/localFiles';
import type { Inventory } from '../core/nsd/inspect';
import type { LayerTable } from '../core/backbone/layerTable';
import type { CacheSummary } from '../../workers/featureStore';
import type { ExtractionSummary } from '../../workers/inference.worker';
import type { ModelRecord } from '../../workers/modelStore';

export type PanelId = 'data' | 'backbone' | 'fit' | 'brain' | 'dreams' | 'saliency' | 'analyses' | 'share';

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  title: string;
  state: JobState;
  fraction: number;
  message: string;
  startedAt: number;
  updatedAt: number;
  error?: string;
}

export interface Notice {
  id: number;
  level: 'error' | 'info';
  text: string;
}

/** How tapped layers are reduced to features (see src/core/backbone/featureSet.ts). */
export interface ReductionSettings {
  percent: number;
  /** Pooling grid side (1 = global average). */
  pool: number;
  /** PCA components, 0 = none. */
  pca: number;
  batchSize: number;
}

export const DEFAULT_REDUCTION: ReductionSettings = { percent: 25, pool: 1, pca: 0, batchSize: 16 };

export interface BackboneState {
  models: ModelRecord[];
  open?: { record: ModelRecord; table: LayerTable };
  taps: string[];
  reduction: ReductionSettings;
  extraction?: ExtractionSummary;
  cache?: CacheSummary;
}

export interface FitSettings {
  /** Extracted layers left out of the fit (every extracted layer is fitted unless unticked). */
  skipped: string[];
  cv: CvRule;
  /** Fit each layer alone as well; unset: when two or more layers are fitted. */
  perLayer?: boolean;
  /** Fit the shuffled-image control. */
  control: boolean;
}

export interface FitState {
  settings: FitSettings;
  /** The open encoder (fitted here or opened from a file); the whole encoder stays in the fitting worker. */
  open?: FitView;
  /** Encoders kept in this browser. */
  stored: StoredFile[];
}

/** The Dreams panel's sliders: what the next run optimises, and how. */
export interface DreamControls {
  /** ROI label to maximise; unset: the encoder's first. */
  roi?: string;
  /** ROI label to minimise at `subtractWeight`; unset: none. */
  subtract?: string;
  subtractWeight: number;
  steps: number;
  learningRate: number;
  transforms: number;
  tv: number;
  diversity: number;
  size: number;
  batch: number;
  seed: number;
}

export interface DreamsState {
  controls: DreamControls;
  /** The latest frame; `step` and the trace count every step since the last restart. */
  frame?: DreamView;
  /** Encoder, size and batch the frame was made with: continuing needs the same. */
  madeWith?: { encoder: string; size: number; batch: number };
  /** The running dream job. */
  job?: string;
}

export interface StudioState {
  panel: PanelId;
  backend?: BackendStatus;
  backendError?: string;
  subject?: SubjectView;
  /** The user's own files, as picked or dropped, and what they were found to be. */
  picked: PickedFile[];
  inventory?: Inventory;
  stored: StoredFile[];
  backbone: BackboneState;
  fit: FitState;
  dreams: DreamsState;
  /** The map the Brain panel paints. */
  brainMap: MapKey;
  /** Surfaces and maps the user added in the Brain panel. */
  loadedSurfaces: SurfaceSet;
  jobs: JobView[];
  notices: Notice[];
  setPanel(panel: PanelId): void;
  setBackend(status: BackendStatus | undefined, error?: string): void;
  setSubject(subject: SubjectView): void;
  setPicked(picked: PickedFile[], inventory?: Inventory): void;
  setStored(stored: StoredFile[]): void;
  setBackbone(patch: Partial<BackboneState>): void;
  setFit(patch: Partial<FitState>): void;
  setDreams(patch: Partial<DreamsState>): void;
  setBrainMap(key: MapKey): void;
  setLoadedSurfaces(set: SurfaceSet): void;
  /** Switch to the Brain panel showing this map. */
  showMap(key: MapKey): void;
  jobStarted(id: string, title: string): void;
  jobProgressed(id: string, update: ProgressUpdate): void;
  jobEnded(id: string, state: Exclude<JobState, 'running'>, error?: string): void;
  dismissJob(id: string): void;
  notify(level: Notice['level'], text: string): void;
  dismissNotice(id: number): void;
}

let noticeId = 0;

const updateJob = (jobs: JobView[], id: string, patch: Partial<JobView>) =>
  jobs.map((job) => (job.id === id ? { ...job, ...patch, updatedAt: Date.now() } : job));

export const useStudio = create<StudioState>()((set) => ({
  panel: 'data',
  jobs: [],
  notices: [],
  picked: [],
  stored: [],
  backbone: { models: [], taps: [], reduction: DEFAULT_REDUCTION },
  fit: { settings: { skipped: [], cv: 'gcv', control: true }, stored: [] },
  dreams: {
    controls: {
      subtractWeight: 1,
      steps: 48,
      learningRate: DREAM_DEFAULTS.learningRate,
      transforms: DREAM_DEFAULTS.transforms,
      tv: 0,
      diversity: 0,
      // Small for speed on the CPU; upsampled onto the backbone's input.
      size: 112,
      batch: DREAM_DEFAULTS.batch,
      seed: DREAM_DEFAULTS.seed,
    },
  },
  brainMap: 'roi:visual',
  loadedSurfaces: EMPTY_SURFACE_SET,
  setPanel: (panel) => set({ panel }),
  setBackend: (backend, backendError) => set({ backend, backendError }),
  setSubject: (subject) => set({ subject }),
  setPicked: (picked, inventory) => set({ picked, inventory }),
  setStored: (stored) => set({ stored }),
  setBackbone: (patch) => set((s) => ({ backbone: { ...s.backbone, ...patch } })),
  setFit: (patch) => set((s) => ({ fit: { ...s.fit, ...patch } })),
  setDreams: (patch) => set((s) => ({ dreams: { ...s.dreams, ...patch } })),
  setBrainMap: (brainMap) => set({ brainMap }),
  setLoadedSurfaces: (loadedSurfaces) => set({ loadedSurfaces }),
  showMap: (brainMap) => set({ brainMap, panel: 'brain' }),
  jobStarted: (id, title) =>
    set((s) => ({
      jobs: [
        ...s.jobs,
        {
          id,
          title,
          state: 'running',
          fraction: 0,
          message: 'starting',
          startedAt: Date.now(),
          updatedAt: Date.now(),
        },
      ],
    })),
  jobProgressed: (id, update) => set((s) => ({ jobs: updateJob(s.jobs, id, update) })),
  jobEnded: (id, state, error) =>
    set((s) => ({
      jobs: updateJob(s.jobs, id, { state, error, ...(state === 'done' ? { fraction: 1 } : {}) }),
    })),
  dismissJob: (id) => set((s) => ({ jobs: s.jobs.filter((j) => j.id !== id) })),
  notify: (level, text) => set((s) => ({ notices: [...s.notices, { id: ++noticeId, level, text }] })),
  dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));
