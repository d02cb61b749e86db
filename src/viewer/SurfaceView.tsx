/** React wrapper around SurfaceScene: the cortical surface panel. */

import { useEffect, useEffectEvent, useImperativeHandle, useRef, type CSSProperties, type Ref } from 'react';
import { SurfaceScene } from './SurfaceScene';
import type { Overlay, SurfaceHemisphere, SurfacePick, ViewPreset } from './types';

export type { Overlay, SurfaceHemisphere, SurfacePick, ViewPreset } from './types';

export interface SurfaceViewHandle {
  /** The current frame as a PNG (transparent background). */
  screenshotPNG(): Promise<Blob>;
  /** Back to the current view's preset camera after the user has orbited away. */
  resetCamera(): void;
}

export interface SurfaceViewProps {
  /**
   * Hemispheres to draw, RAS mm. Keep the arrays' identities stable: a new mesh or sulc array
   * rebuilds that hemisphere's geometry.
   */
  hemispheres: readonly SurfaceHemisphere[];
  /** Values for the shown hemispheres' vertices, lh then rh; a new values array re-uploads them. */
  overlay?: Overlay;
  /** Called on a click (not a drag) that lands on a surface. */
  onPick?: (pick: SurfacePick) => void;
  view?: ViewPreset;
  className?: string;
  style?: CSSProperties;
  ref?: Ref<SurfaceViewHandle>;
}

const FILL: CSSProperties = { position: 'relative', width: '100%', height: '100%', overflow: 'hidden' };

export function SurfaceView({
  hemispheres,
  overlay,
  onPick,
  view = 'lateral',
  className,
  style,
  ref,
}: SurfaceViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<SurfaceScene | null>(null);
  const pick = useEffectEvent((p: SurfacePick) => onPick?.(p));

  // Effects run in order: the scene exists before the view and data effects below use it, on mount
  // and on StrictMode's remount alike.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const scene = new SurfaceScene(container, (p) => pick(p));
    sceneRef.current = scene;
    return () => {
      sceneRef.current = null;
      scene.dispose();
    };
  }, []);

  // View before data, so the first meshes are framed once, for the right view.
  useEffect(() => {
    sceneRef.current?.setView(view);
  }, [view]);

  useEffect(() => {
    sceneRef.current?.setData(hemispheres, overlay);
  }, [hemispheres, overlay]);

  useImperativeHandle(
    ref,
    () => ({
      screenshotPNG: () =>
        sceneRef.current?.screenshotPNG() ?? Promise.reject(new Error('the surface view is not mounted')),
      resetCamera: () => sceneRef.current?.resetCamera(),
    }),
    [],
  );

  return <div ref={containerRef} className={className} style={{ ...FILL, ...style }} />;
}
