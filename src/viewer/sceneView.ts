/** What the React wrappers around the scenes share: the container style, mounting and the common handle. */

import type { CSSProperties, Ref, RefObject } from 'react';
import type { ViewPreset } from './types';

/** What every scene offers its wrapper. */
interface ViewScene {
  screenshotPNG(): Promise<Blob>;
  resetCamera(): void;
  dispose(): void;
}

/** The props every view takes besides its data. */
export interface SceneViewProps<Handle> {
  view?: ViewPreset;
  className?: string;
  style?: CSSProperties;
  ref?: Ref<Handle>;
}

/** The wrapper's container: fills its parent, and positions the scene's label layer over the canvas. */
export const FILL: CSSProperties = {
  position: 'relative',
  width: '100%',
  height: '100%',
  overflow: 'hidden',
};

/** Puts `scene` in `sceneRef`; the returned cleanup, for the mount effect, takes it out and disposes of it. */
export function attachScene<S extends ViewScene>(sceneRef: RefObject<S | null>, scene: S): () => void {
  sceneRef.current = scene;
  return () => {
    sceneRef.current = null;
    scene.dispose();
  };
}

/** The handle methods every view has; `name` says which view in the error when it is not mounted. */
export function sceneHandle(
  sceneRef: RefObject<ViewScene | null>,
  name: string,
): { screenshotPNG(): Promise<Blob>; resetCamera(): void } {
  return {
    screenshotPNG: () =>
      sceneRef.current?.screenshotPNG() ?? Promise.reject(new Error(`the ${name} view is not mounted`)),
    resetCamera: () => sceneRef.current?.resetCamera(),
  };
}
