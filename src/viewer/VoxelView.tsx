/** React wrapper around VoxelScene: a volume-space subject's maps as a cloud of voxels. */

import { useEffect, useEffectEvent, useImperativeHandle, useRef } from 'react';
import { attachScene, FILL, sceneHandle, type SceneViewProps } from './sceneView';
import type { Overlay } from './types';
import { VoxelScene } from './VoxelScene';

export interface VoxelViewHandle {
  /** The current frame as a PNG (transparent background). */
  screenshotPNG(): Promise<Blob>;
  /** Back to the current view's preset camera after the user has orbited away. */
  resetCamera(): void;
}

export interface VoxelViewProps extends SceneViewProps<VoxelViewHandle> {
  /** Voxel centres, scanner mm, xyz interleaved (`voxelCentres`); keep the array's identity stable. */
  centres: Float32Array;
  /** Voxel edge, mm (`voxelSize`): each point is drawn this wide. */
  voxelSize: number;
  /** One value per voxel, in the centres' order; a new overlay rebuilds the cloud's colours. */
  overlay?: Overlay;
  /** Called on a click (not a drag) that lands on a voxel, with its index. */
  onPick?: (voxel: number) => void;
}

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
    return attachScene(sceneRef, new VoxelScene(container, (voxel) => pick(voxel)));
  }, []);

  useEffect(() => {
    sceneRef.current?.setView(view);
  }, [view]);

  useEffect(() => {
    sceneRef.current?.setData({ centres, voxelSize, overlay });
  }, [centres, voxelSize, overlay]);

  useImperativeHandle(ref, () => sceneHandle(sceneRef, 'voxel'), []);

  return <div ref={containerRef} className={className} style={{ ...FILL, ...style }} />;
}
