import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, sharedPath } from '../testing/shared';
import { readSurface } from './freesurfer';
import { readGifti, readGiftiData, readGiftiSurface } from './gifti';
import { checkVertexCount } from './vertexCount';

const DIR = 'data/fsaverage5';
const bytes = (name: string) => readFileSync(sharedPath(DIR, `${name}.gii.gz`));
const VERTICES = 10242;

interface SurfaceFacts {
  faces: number;
  faceSum: number;
  v5000: number[];
  min: number[];
  max: number[];
  sum: number[];
}

/** From nibabel 5.4.2: agg_data('NIFTI_INTENT_POINTSET' / 'NIFTI_INTENT_TRIANGLE'), sums in float64. */
const NIBABEL_SURFACES: Record<string, SurfaceFacts> = {
  pial_left: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-41.06059, -7.14601, -5.82688],
    min: [-68.7888, -104.69203, -48.32443],
    max: [1.22156, 68.94737, 78.12399],
    sum: [-302659.0, -223800.5, 176917.8],
  },
  pial_right: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [6.34423, -1.57012, -15.69564],
    min: [-0.1246, -104.43107, -48.39225],
    max: [69.84644, 69.15611, 79.21095],
    sum: [307501.8, -209955.9, 183800.1],
  },
  white_left: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-35.90583, -7.20723, -5.35085],
    min: [-65.64919, -102.70593, -44.18097],
    max: [1.22156, 65.54406, 75.45217],
    sum: [-301368.7, -224261.2, 175949.1],
  },
  white_right: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [6.39015, -1.53662, -15.49149],
    min: [-0.1246, -102.56539, -44.46522],
    max: [66.77478, 66.02264, 76.53737],
    sum: [306041.1, -210394.9, 182825.8],
  },
  infl_left: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-14.82648, 31.3436, -31.31822],
    min: [-41.5033, -107.99286, -72.93894],
    max: [41.49109, 107.98322, 72.95326],
    sum: [-9373.3, -42703.2, 8118.3],
  },
  infl_right: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-26.81643, 29.96115, -44.85212],
    min: [-40.89654, -107.67477, -73.29],
    max: [40.88198, 107.65121, 73.31265],
    sum: [7157.6, -24732.4, 13683.7],
  },
  sphere_left: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-57.35, 68.07, -45.57],
    min: [-100, -100, -100],
    max: [100, 100, 100],
    sum: [0, 0, 0],
  },
  sphere_right: {
    faces: 20480,
    faceSum: 314664900,
    v5000: [-57.35, 68.07, -45.57],
    min: [-100, -100, -100],
    max: [100, 100, 100],
    sum: [0, 0, 0],
  },
  // The flat maps are cut open, so they lose faces but keep every vertex.
  flat_left: {
    faces: 18654,
    faceSum: 284736952,
    v5000: [-19.1141, -45.47699, 0],
    min: [-155.62358, -139.46234, -20.71317],
    max: [155.92989, 138.64095, 57.80225],
    sum: [187011.5, 94280.0, 4494.9],
  },
  flat_right: {
    faces: 18790,
    faceSum: 288661719,
    v5000: [-1.22916, -6.23389, -16.38985],
    min: [-161.20007, -141.14212, -21.60963],
    max: [159.99078, 140.62949, 47.53884],
    sum: [-215056.8, 127920.5, 3978.5],
  },
};

/** From nibabel 5.4.2: darrays[0].data, mean in float64. */
const NIBABEL_SHAPES: Record<
  string,
  { kind: string; min: number; max: number; mean: number; v0: number; v5000: number }
> = {
  curv_left: {
    kind: 'CurvatureRadial',
    min: -0.404633,
    max: 0.349745,
    mean: -0.029563,
    v0: -0.189209,
    v5000: 0.054031,
  },
  curv_right: {
    kind: 'CurvatureRadial',
    min: -0.388767,
    max: 0.324284,
    mean: -0.028746,
    v0: 0.035348,
    v5000: -0.052927,
  },
  sulc_left: {
    kind: 'SulcalDepth',
    min: -1.493725,
    max: 1.80691,
    mean: 0.029747,
    v0: -0.781269,
    v5000: 0.494434,
  },
  sulc_right: {
    kind: 'SulcalDepth',
    min: -1.492468,
    max: 1.841224,
    mean: 0.03471,
    v0: 0.26514,
    v5000: -0.563339,
  },
};

describeShared('fsaverage5 GIfTI surfaces and shape maps (nilearn’s copies)', DIR, () => {
  it.each(Object.keys(NIBABEL_SURFACES))('%s has nibabel’s counts, coordinates and faces', async (name) => {
    const facts = NIBABEL_SURFACES[name];
    const mesh = await readGiftiSurface(bytes(name));
    expect(mesh.positions.length).toBe(3 * VERTICES);
    expect(mesh.faces.length).toBe(3 * facts.faces);
    for (let k = 0; k < 3; k++) {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (let v = 0; v < VERTICES; v++) {
        const x = mesh.positions[3 * v + k];
        min = Math.min(min, x);
        max = Math.max(max, x);
        sum += x;
      }
      expect(min).toBeCloseTo(facts.min[k], 4);
      expect(max).toBeCloseTo(facts.max[k], 4);
      expect(sum).toBeCloseTo(facts.sum[k], 0);
      expect(mesh.positions[3 * 5000 + k]).toBeCloseTo(facts.v5000[k], 4);
    }
    expect(mesh.faces.reduce((a, b) => a + b, 0)).toBe(facts.faceSum);
    expect(Array.from(mesh.faces.subarray(0, 3))).toEqual([0, 2564, 2562]);
    expect(Array.from(mesh.faces.subarray(-3))).toEqual([10161, 11, 9918]);
  });

  it('keeps the arrays’ metadata and identity transforms', async () => {
    const pial = await readGifti(bytes('pial_right'));
    expect(pial.arrays.map((a) => a.intent)).toEqual(['NIFTI_INTENT_POINTSET', 'NIFTI_INTENT_TRIANGLE']);
    expect(pial.arrays[0].metadata).toMatchObject({
      AnatomicalStructurePrimary: 'CortexRight',
      AnatomicalStructureSecondary: 'Pial',
      GeometricType: 'Anatomical',
    });
    expect(pial.metadata.UserName).toBe('alexis');
    const flat = await readGifti(bytes('flat_left'));
    expect(flat.arrays[0].transforms).toEqual([
      {
        dataSpace: 'NIFTI_XFORM_UNKNOWN',
        transformedSpace: 'NIFTI_XFORM_UNKNOWN',
        matrix: Float64Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]),
      },
    ]);
  });

  it.each(Object.keys(NIBABEL_SHAPES))(
    '%s has nibabel’s values, one per vertex of the surfaces',
    async (name) => {
      const facts = NIBABEL_SHAPES[name];
      const data = await readGiftiData(bytes(name));
      expect(data.vertexCount).toBe(VERTICES);
      expect(data.maps).toHaveLength(1);
      const [{ intent, values, metadata }] = data.maps;
      expect(intent).toBe('NIFTI_INTENT_SHAPE');
      expect(metadata.ShapeDataType).toBe(facts.kind);
      expect(Math.min(...values)).toBeCloseTo(facts.min, 5);
      expect(Math.max(...values)).toBeCloseTo(facts.max, 5);
      expect(Float64Array.from(values).reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(facts.mean, 5);
      expect(values[0]).toBeCloseTo(facts.v0, 5);
      expect(values[5000]).toBeCloseTo(facts.v5000, 5);
      const hemi = name.split('_')[1];
      const pial = await readGiftiSurface(bytes(`pial_${hemi}`));
      expect(() => checkVertexCount(name, values, pial.positions.length / 3, `pial_${hemi}`)).not.toThrow();
    },
  );
});

// nsd-mini's subj01 lh.white and lh.inflated are fsaverage5's pial_left and infl_left, in FreeSurfer's format.
const FS_SURF = 'fixtures/nsd-mini/nsddata/freesurfer/subj01/surf';
describeShared('GIfTI and FreeSurfer copies of one surface', FS_SURF, () => {
  it.each([
    ['pial_left', 'lh.white'],
    ['infl_left', 'lh.inflated'],
  ])('%s.gii.gz holds the same mesh as %s', async (gii, fs) => {
    const fromGifti = await readGiftiSurface(bytes(gii));
    const fromFreeSurfer = readSurface(readFileSync(sharedPath(FS_SURF, fs)));
    expect(fromGifti.positions).toEqual(fromFreeSurfer.positions);
    expect(fromGifti.faces).toEqual(fromFreeSurfer.faces);
  });
});
