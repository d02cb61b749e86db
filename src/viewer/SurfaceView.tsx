/** React wrapper around SurfaceScene: the cortical surface panel. */

import { useEffect, useEffectEvent, useImperativeHandle, useRef } from 'react';
import type { HemisphereName } from '../core/bundle/types';
import { attachScene, FILL, sceneHandle, type SceneViewProps } from './sceneView';
import { SurfaceScene } from './SurfaceScene';
import type { Outlines, Overlay, SurfaceHemisphere, SurfacePick } from './types';

export type { Outlines, Overlay, SurfaceHemisphere, SurfacePick, ViewPreset } from './types';

export interface SurfaceViewHandle {
  /** The current frame as a PNG (transparent background), region names included. */
  screenshotPNG(): Promise<Blob>;
  /** Back to the current view's preset camera after the user has orbited away. */
  resetCamera(): void;
  /** Where a vertex is drawn now (CSS px from the view's top left), undefined when off screen. */
  vertexScreenPosition(hemisphere: HemisphereName, vertex: number): { x: number; y: number } | undefined;
}

export interface SurfaceViewProps extends SceneViewProps<SurfaceViewHandle> {
  /**
   * Hemispheres to draw, RAS mm. Keep the objects' identities stable: a new `surfaces` record or
   * sulc array rebuilds that hemisphere's geometry.
   */
  hemispheres: readonly SurfaceHemisphere[];
  /**
   * The surface to show, a key of every hemisphere's `surfaces` (see `surfaceChoices`); changing it
   * morphs to the new surface. A flat surface is always seen from above, hemispheres side by side.
   */
  surface: string;
  /** Values for the shown hemispheres' vertices, lh then rh; a new values array re-uploads them. */
  overlay?: Overlay;
  /** Region boundaries drawn over the overlay, with names at the regions' centres. */
  outlines?: Outlines;
  /** Called on a click (not a drag) that lands on a surface, with the vertex on the surface as drawn. */
  onPick?: (pick: SurfacePick) => void;
  /** Called once a surface is fully shown: at the end of a morph, or at once on the first draw. */
  onSurfaceShown?: (surface: string) => void;
}

export function SurfaceView({
  hemispheres,
  surface,
  overlay,
  outlines,
  onPick,
  onSurfaceShown,
  view = 'lateral',
  className,
  style,
  ref,
}: SurfaceViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<SurfaceScene | null>(null);
  const pick = useEffectEvent((p: SurfacePick) => onPick?.(p));
  const shown = useEffectEvent((s: string) => onSurfaceShown?.(s));

  // Effects run in order: the scene exists before the view and data effects below use it, on mount
  // and on StrictMode's remount alike.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    return attachScene(
      sceneRef,
      new SurfaceScene(container, { onPick: (p) => pick(p), onSurfaceShown: (s) => shown(s) }),
    );
  }, []);

  // View before data, so the first meshes are framed once, for the right view.
  useEffect(() => {
    sceneRef.current?.setView(view);
  }, [view]);

  useEffect(() => {
    sceneRef.current?.setData({ hemispheres, surface, overlay, outlines });
  }, [hemispheres, surface, overlay, outlines]);

  useImperativeHandle(
    ref,
    () => ({
      ...sceneHandle(sceneRef, 'surface'),
      vertexScreenPosition: (hemisphere, vertex) =>
        sceneRef.current?.vertexScreenPosition(hemisphere, vertex),
    }),
    [],
  );

  return <div ref={containerRef} className={className} style={{ ...FILL, ...style }} />;
}
