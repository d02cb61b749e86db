/** React wrapper around VoxelScene: a volume-space subject's maps as a cloud of voxels. */

import { useEffect, useEffectEvent, useImperativeHandle, useRef, type CSSProperties, type Ref } from 'react';
import type { Overlay, ViewPreset } from './types';
import { VoxelScene } from './VoxelScene';

export interface VoxelViewHandle {
  /** The current frame as a PNG (transparent background). */
  screenshotPNG(): Promise<Blob>;
  /** Back to the current view's preset camera after the user has orbited away. */
  resetCamera(): void;
}

export interface VoxelViewProps {
  /** Voxel centres, scanner mm, xyz interleaved (`voxelCentres`); keep the array's identity stable. */
  centres: Float32Array;
  /** Voxel edge, mm (`voxelSize`): each point is drawn this wide. */
  voxelSize: number;
  /** One value per voxel, in the centres' order; a new overlay rebuilds the cloud's colours. */
  overlay?: Overlay;
  /** Called on a click (not a drag) that lands on a voxel, with its index. */
  onPick?: (voxel: number) => void;
  view?: ViewPreset;
  className?: string;
  style?: CSSProperties;
  ref?: Ref<VoxelViewHandle>;
}

const FILL: CSSProperties = { position: 'relative', width: '100%', height: '100%', overflow: 'hidden' };

export function VoxelView({
  centres,
  voxelSize,
  overlay,
  onPick,
  view = 'lateral',
  className,
  style,
  ref,
}: VoxelViewProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<VoxelScene | null>(null);
  const pick = useEffectEvent((voxel: number) => onPick?.(voxel));

  // Effects run in order: the scene exists before the view and data effects below use it.
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const scene = new VoxelScene(container, (voxel) => pick(voxel));
    sceneRef.current = scene;
    return () => {
      sceneRef.current = null;
      scene.dispose();
    };
  }, []);

  useEffect(() => {
    sceneRef.current?.setView(view);
  }, [view]);

  useEffect(() => {
    sceneRef.current?.setData({ centres, voxelSize, overlay });
  }, [centres, voxelSize, overlay]);

  useImperativeHandle(
    ref,
    () => ({
      screenshotPNG: () =>
        sceneRef.current?.screenshotPNG() ?? Promise.reject(new Error('the voxel view is not mounted')),
      resetCamera: () => sceneRef.current?.resetCamera(),
    }),
    [],
  );

  return <div ref={containerRef} className={className} style={{ ...FILL, ...style }} />;
}
