import type { ComponentType } from 'react';
import type { PanelId } from '../store';
import { BackbonePanel } from './BackbonePanel';
import { BrainPanel } from './BrainPanel';
import { DataPanel } from './DataPanel';
import { DreamsPanel } from './DreamsPanel';
import { FitPanel } from './FitPanel';
import { plannedPanel } from './PlannedPanel';

export interface PanelDef {
  id: PanelId;
  title: string;
  built: boolean;
  component: ComponentType;
}

export const PANELS: PanelDef[] = [
  { id: 'data', title: 'Data', built: true, component: DataPanel },
  { id: 'backbone', title: 'Backbone', built: true, component: BackbonePanel },
  { id: 'fit', title: 'Fit', built: true, component: FitPanel },
  { id: 'brain', title: 'Brain', built: true, component: BrainPanel },
  { id: 'dreams', title: 'Dreams', built: true, component: DreamsPanel },
  {
    id: 'saliency',
    title: 'Saliency',
    built: false,
    component: plannedPanel('Saliency', 'Integrated-gradients maps of which image parts drive a region.'),
  },
  {
    id: 'analyses',
    title: 'Analyses',
    built: false,
    component: plannedPanel(
      'Analyses',
      'Representational similarity (RDMs per region and layer), decoding with image identification, and reconstruction by feature inversion.',
    ),
  },
  {
    id: 'share',
    title: 'Share',
    built: false,
    component: plannedPanel(
      'Share',
      'Links that let a collaborator recompute the same result on their own copy of the data, autosave, and result bundles.',
    ),
  },
];
