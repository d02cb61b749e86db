/** The brain viewers (cortical surface, voxel cloud): what the app imports. */

export { SurfaceView, type SurfaceViewHandle, type SurfaceViewProps } from './SurfaceView';
export { VoxelView, type VoxelViewHandle, type VoxelViewProps } from './VoxelView';
export { Colorbar, type ColorbarProps } from './Colorbar';
export { COLORMAP_NAMES, type ColormapName } from './colormaps';
export { scalarRange, valueExtent, type ValueExtent } from './scale';
export { surfaceChoices } from './surfaces';
export {
  VIEW_PRESETS,
  type Outlines,
  type Overlay,
  type ScalarOverlay,
  type SurfaceHemisphere,
  type SurfacePick,
  type ViewPreset,
} from './types';
