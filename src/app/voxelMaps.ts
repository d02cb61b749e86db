/**
 * A volume-space subject's maps on loaded surfaces: each vertex takes its nearest voxel's value within
 * the voxel diagonal (projectVoxels), or none. Voxels and surface must be in the same space.
 */
import { projectionDistance, projectVoxels, voxelCentres } from '../core/bundle/voxelProjection';
import type { Hemisphere, Units } from '../core/bundle/types';
import type { PlaceUnits } from './brainMaps';

/** Surfaces that lie where the cortex is (not inflated, sphere or flat), in the order tried. */
const IN_PLACE = ['white', 'midthickness', 'pial'];

/** The surface voxels are projected onto: the first of IN_PLACE every hemisphere has, else the first one. */
export function projectionSurface(hemispheres: readonly Hemisphere[]): string {
  const names = Object.keys(hemispheres[0].surfaces);
  return IN_PLACE.find((n) => hemispheres.every((h) => n in h.surfaces)) ?? names[0];
}

export function voxelsToVertices(units: Units, hemispheres: readonly Hemisphere[]): PlaceUnits {
  const centres = voxelCentres(units);
  const reach = projectionDistance(units.affine!);
  const surface = projectionSurface(hemispheres);
  return (values, fill) => {
    const parts = hemispheres.map((h) =>
      projectVoxels(centres, values, h.surfaces[surface].positions, reach),
    );
    const out = new (values.constructor as new (n: number) => typeof values)(
      parts.reduce((n, p) => n + p.length, 0),
    );
    let offset = 0;
    for (const part of parts) {
      for (let v = 0; v < part.length; v++) out[offset + v] = Number.isNaN(part[v]) ? fill : part[v];
      offset += part.length;
    }
    return out;
  };
}
