/** The cortical surface viewer: what the app imports. */

export { SurfaceView, type SurfaceViewHandle, type SurfaceViewProps } from './SurfaceView';
export { Colorbar, type ColorbarProps } from './Colorbar';
export { COLORMAP_NAMES, type ColormapName } from './colormaps';
export {
  VIEW_PRESETS,
  type Overlay,
  type SurfaceHemisphere,
  type SurfacePick,
  type ViewPreset,
} from './types';
