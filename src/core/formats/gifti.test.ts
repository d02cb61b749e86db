import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toBytes, type NumericArray } from './binary';
import { readGifti, readGiftiData, readGiftiSurface, type GiftiValues } from './gifti';

/** One DataArray element as GIfTI writers (gifticlib, nibabel) lay it out. */
function dataArray(o: {
  intent: string;
  type: string;
  dims: number[];
  data: string;
  encoding?: string;
  endian?: string;
  order?: string;
  inner?: string;
}): string {
  const dims = o.dims.map((d, k) => ` Dim${k}="${d}"`).join('');
  return `
  <DataArray Intent="${o.intent}" DataType="${o.type}" ArrayIndexingOrder="${o.order ?? 'RowMajorOrder'}"
      Dimensionality="${o.dims.length}"${dims} Encoding="${o.encoding ?? 'ASCII'}"
      Endian="${o.endian ?? 'LittleEndian'}" ExternalFileName="" ExternalFileOffset="">
    ${o.inner ?? '<MetaData/>'}
    <Data>${o.data}</Data>
  </DataArray>`;
}

function gifti(arrays: string[], head = '<MetaData/><LabelTable/>'): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE GIFTI SYSTEM "http://www.nitrc.org/frs/download.php/115/gifti.dtd">
<GIFTI Version="1.0" NumberOfDataArrays="${arrays.length}">
  ${head}${arrays.join('')}
</GIFTI>
`);
}

/** Base64 through Node's Buffer, independent of the reader's decoder. */
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const binary = (array: NumericArray, littleEndian = true) => base64(toBytes(array, littleEndian));
const zlibBase64 = (array: NumericArray) => base64(deflateSync(toBytes(array, true)));

/** A tetrahedron. */
const POSITIONS = [0, 0, 0, 1, 0, 0, 0, 1.5, 0, 0, 0, -2.25];
const FACES = [0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3];

const pointset = (data: string, extra: Partial<Parameters<typeof dataArray>[0]> = {}) =>
  dataArray({ intent: 'NIFTI_INTENT_POINTSET', type: 'NIFTI_TYPE_FLOAT32', dims: [4, 3], data, ...extra });
const triangles = (data: string, extra: Partial<Parameters<typeof dataArray>[0]> = {}) =>
  dataArray({ intent: 'NIFTI_INTENT_TRIANGLE', type: 'NIFTI_TYPE_INT32', dims: [4, 3], data, ...extra });
const shape = (values: number[], extra: Partial<Parameters<typeof dataArray>[0]> = {}) =>
  dataArray({
    intent: 'NIFTI_INTENT_SHAPE',
    type: 'NIFTI_TYPE_FLOAT32',
    dims: [values.length],
    data: values.join(' '),
    ...extra,
  });

const ASCII_SURFACE = gifti([pointset(POSITIONS.join(' ')), triangles(FACES.join('\n'))]);

describe('gifti surfaces', () => {
  it('reads ASCII coordinates and faces', async () => {
    const mesh = await readGiftiSurface(ASCII_SURFACE);
    expect(mesh.positions).toEqual(Float32Array.from(POSITIONS));
    expect(mesh.faces).toEqual(Uint32Array.from(FACES));
  });

  it('reads Base64Binary in either byte order and GZipBase64Binary (a zlib stream)', async () => {
    const positions = Float32Array.from(POSITIONS);
    const faces = Int32Array.from(FACES);
    const files = [
      gifti([
        pointset(binary(positions), { encoding: 'Base64Binary' }),
        triangles(binary(faces), { encoding: 'Base64Binary' }),
      ]),
      gifti([
        pointset(binary(positions, false), { encoding: 'Base64Binary', endian: 'BigEndian' }),
        triangles(binary(faces, false), { encoding: 'Base64Binary', endian: 'BigEndian' }),
      ]),
      gifti([
        pointset(zlibBase64(positions), { encoding: 'GZipBase64Binary' }),
        triangles(zlibBase64(faces), { encoding: 'GZipBase64Binary' }),
      ]),
    ];
    for (const file of files) {
      const mesh = await readGiftiSurface(file);
      expect(mesh.positions).toEqual(positions);
      expect(mesh.faces).toEqual(Uint32Array.from(FACES));
    }
  });

  it('reads a whole gzipped .gii.gz', async () => {
    expect((await readGiftiSurface(gzipSync(ASCII_SURFACE))).faces).toEqual(Uint32Array.from(FACES));
  });

  it('wraps base64 across lines as writers do', async () => {
    const wrapped = binary(Float32Array.from(POSITIONS)).replace(/(.{16})/g, '$1\n      ');
    const mesh = await readGiftiSurface(
      gifti([pointset(wrapped, { encoding: 'Base64Binary' }), triangles(FACES.join(' '))]),
    );
    expect(mesh.positions).toEqual(Float32Array.from(POSITIONS));
  });

  it('returns column-major arrays row-major', async () => {
    // x of all four vertices first, then y, then z.
    const byColumn = [0, 1, 2].flatMap((k) => [0, 1, 2, 3].map((v) => POSITIONS[3 * v + k]));
    const mesh = await readGiftiSurface(
      gifti([
        pointset(binary(Float32Array.from(byColumn)), {
          encoding: 'Base64Binary',
          order: 'ColumnMajorOrder',
        }),
        triangles(FACES.join(' ')),
      ]),
    );
    expect(mesh.positions).toEqual(Float32Array.from(POSITIONS));
  });

  it('keeps metadata, the label table and the coordinate transform', async () => {
    const inner = `<MetaData>
      <MD><Name><![CDATA[AnatomicalStructurePrimary]]></Name><Value><![CDATA[CortexLeft]]></Value></MD>
      <MD><Name>Note</Name><Value>a &lt;b&gt; &amp; c&#x21;</Value></MD>
      <MD><Name><![CDATA[Empty]]></Name><Value/></MD>
    </MetaData>
    <!-- a comment with <tags> -->
    <CoordinateSystemTransformMatrix>
      <DataSpace><![CDATA[NIFTI_XFORM_TALAIRACH]]></DataSpace>
      <TransformedSpace><![CDATA[NIFTI_XFORM_TALAIRACH]]></TransformedSpace>
      <MatrixData>1 0 0 10
        0 1 0 20 0 0 1 30 0 0 0 1</MatrixData>
    </CoordinateSystemTransformMatrix>`;
    const image = await readGifti(
      gifti(
        [pointset(POSITIONS.join(' '), { inner }), triangles(FACES.join(' '))],
        '<MetaData><MD><Name>Date</Name><Value>today</Value></MD></MetaData><LabelTable/>',
      ),
    );
    expect(image.metadata).toEqual({ Date: 'today' });
    expect(image.labels).toEqual([]);
    const [points] = image.arrays;
    expect(points.dims).toEqual([4, 3]);
    expect(points.metadata).toEqual({
      AnatomicalStructurePrimary: 'CortexLeft',
      Note: 'a <b> & c!',
      Empty: '',
    });
    expect(points.transforms).toEqual([
      {
        dataSpace: 'NIFTI_XFORM_TALAIRACH',
        transformedSpace: 'NIFTI_XFORM_TALAIRACH',
        matrix: Float64Array.from([1, 0, 0, 10, 0, 1, 0, 20, 0, 0, 1, 30, 0, 0, 0, 1]),
      },
    ]);
    // The transform is reported, not applied.
    expect(
      (await readGiftiSurface(gifti([pointset(POSITIONS.join(' '), { inner }), triangles(FACES.join(' '))])))
        .positions,
    ).toEqual(Float32Array.from(POSITIONS));
  });

  it('names what is wrong with a bad surface', async () => {
    await expect(readGiftiSurface(new Uint8Array([0, 1, 2, 3]))).rejects.toThrow(
      /not a GIfTI file: it is not XML/,
    );
    await expect(readGiftiSurface(new TextEncoder().encode('<?xml version="1.0"?><svg/>'))).rejects.toThrow(
      /its XML root is <svg>, not <GIFTI>/,
    );
    await expect(readGiftiSurface(ASCII_SURFACE.subarray(0, ASCII_SURFACE.length - 10))).rejects.toThrow(
      /not a readable GIfTI file: the XML ends inside <GIFTI>/,
    );
    await expect(readGiftiSurface(gifti([pointset(POSITIONS.join(' '))]))).rejects.toThrow(
      /has vertex coordinates but no NIFTI_INTENT_TRIANGLE array/,
    );
    await expect(readGiftiSurface(gifti([shape([1, 2])]))).rejects.toThrow(/no NIFTI_INTENT_POINTSET array/);
    await expect(
      readGiftiSurface(
        gifti([pointset(POSITIONS.join(' ')), triangles([0, 1, 4, ...FACES.slice(3)].join(' '))]),
      ),
    ).rejects.toThrow(/face 0 refers to vertex 4, but there are 4/);
    await expect(
      readGiftiSurface(gifti([pointset(POSITIONS.join(' '), { dims: [6, 2] }), triangles(FACES.join(' '))])),
    ).rejects.toThrow(/vertex coordinate array is 6×2, not N×3/);
  });

  it('names unsupported encodings and types, and data of the wrong length', async () => {
    const cases: [string, RegExp][] = [
      [
        pointset('', { encoding: 'ExternalFileBinary' }),
        /DataArray 0 \(NIFTI_INTENT_POINTSET\): its data are in an external file.*not supported/,
      ],
      [pointset('', { encoding: 'Base85' }), /Encoding Base85 is not supported/],
      [pointset('', { type: 'NIFTI_TYPE_INT64' }), /DataType NIFTI_TYPE_INT64 is not supported/],
      [pointset('', { type: 'constructor' }), /DataType constructor is not supported/],
      [pointset('1 2 3'), /its ASCII data hold 3 numbers, but 4×3 float32 values need 12/],
      [pointset([...POSITIONS.slice(1), 'x'].join(' ')), /ASCII value "x" is not a number/],
      [
        pointset(binary(Float32Array.from(POSITIONS.slice(3))), { encoding: 'Base64Binary' }),
        /its data are 36 bytes, but 4×3 float32 values need 48/,
      ],
      [pointset('AAAA*AAA', { encoding: 'Base64Binary' }), /DataArray 0 .*character "\*" at 4 is not base64/],
      [
        pointset(zlibBase64(Float32Array.from(POSITIONS)).slice(0, 20), { encoding: 'GZipBase64Binary' }),
        /GZipBase64Binary data is truncated or corrupt/,
      ],
      [pointset('', { endian: 'MiddleEndian' }), /Endian MiddleEndian is neither/],
      [pointset('', { order: 'DiagonalOrder' }), /ArrayIndexingOrder DiagonalOrder is neither/],
      [pointset('', { dims: [] }), /Dimensionality "0" is not 1 or more/],
    ];
    for (const [array, message] of cases) {
      await expect(readGifti(gifti([array, triangles(FACES.join(' '))]))).rejects.toThrow(message);
    }
  });

  it('names a truncated .gii.gz', async () => {
    const gz = gzipSync(ASCII_SURFACE);
    await expect(readGifti(gz.subarray(0, gz.length - 12))).rejects.toThrow(
      /the gzip-compressed GIfTI file is truncated or corrupt/,
    );
  });
});

describe('gifti per-vertex data', () => {
  it('reads shape maps, one per DataArray, in every numeric type', async () => {
    const types: [string, GiftiValues][] = [
      ['NIFTI_TYPE_FLOAT32', Float32Array.from([0.5, -1.25, 3])],
      ['NIFTI_TYPE_FLOAT64', Float64Array.from([0.5, -1.25, 3])],
      ['NIFTI_TYPE_INT32', Int32Array.from([-7, 0, 2 ** 20])],
      ['NIFTI_TYPE_UINT8', Uint8Array.from([0, 7, 255])],
      ['NIFTI_TYPE_INT8', Int8Array.from([-128, 0, 127])],
      ['NIFTI_TYPE_INT16', Int16Array.from([-32768, 1, 32767])],
      ['NIFTI_TYPE_UINT16', Uint16Array.from([0, 1, 65535])],
      ['NIFTI_TYPE_UINT32', Uint32Array.from([0, 1, 2 ** 32 - 1])],
    ];
    const file = gifti(
      types.map(([type, values]) =>
        shape([], {
          type,
          dims: [3],
          data: binary(values, false),
          encoding: 'Base64Binary',
          endian: 'BigEndian',
        }),
      ),
    );
    const image = await readGifti(file);
    image.arrays.forEach((array, i) => expect(array.data).toEqual(types[i][1]));
    const data = await readGiftiData(file);
    expect(data.vertexCount).toBe(3);
    expect(data.maps.map((m) => m.intent)).toEqual(types.map(() => 'NIFTI_INTENT_SHAPE'));
    data.maps.forEach((map, i) => expect(map.values).toEqual(Float32Array.from(types[i][1])));
  });

  it('splits a vertices × k array into k maps and keeps time series in file order', async () => {
    // Three vertices × two columns, stored column-major.
    const matrix = dataArray({
      intent: 'NIFTI_INTENT_NONE',
      type: 'NIFTI_TYPE_FLOAT32',
      dims: [3, 2],
      order: 'ColumnMajorOrder',
      data: '1 2 3 10 20 30',
    });
    const frames = [0, 1].map((t) =>
      shape([t, t + 0.5, t + 1], {
        intent: 'NIFTI_INTENT_TIME_SERIES',
        inner: `<MetaData><MD><Name>TimeStep</Name><Value>${t}</Value></MD></MetaData>`,
      }),
    );
    const data = await readGiftiData(gifti([matrix, ...frames]));
    expect(data.maps.map((m) => Array.from(m.values))).toEqual([
      [1, 2, 3],
      [10, 20, 30],
      [0, 0.5, 1],
      [1, 1.5, 2],
    ]);
    expect(data.maps[3]).toMatchObject({ intent: 'NIFTI_INTENT_TIME_SERIES', metadata: { TimeStep: '1' } });
  });

  it('reads label keys with their label table', async () => {
    const table = `<MetaData/>
  <LabelTable>
    <Label Key="0" Red="1" Green="1" Blue="1" Alpha="0"><![CDATA[???]]></Label>
    <Label Key="2647065" Red="0.098" Green="0.392" Blue="0.157" Alpha="1"><![CDATA[bankssts]]></Label>
    <Label Index="7">old-style &amp; uncoloured</Label>
  </LabelTable>`;
    const labels = dataArray({
      intent: 'NIFTI_INTENT_LABEL',
      type: 'NIFTI_TYPE_INT32',
      dims: [4],
      data: zlibBase64(Int32Array.from([0, 2647065, 7, 2647065])),
      encoding: 'GZipBase64Binary',
    });
    const data = await readGiftiData(gifti([labels], table));
    expect(data.maps[0].values).toEqual(Int32Array.from([0, 2647065, 7, 2647065]));
    expect(data.labels).toEqual([
      { key: 0, name: '???', rgba: [1, 1, 1, 0] },
      { key: 2647065, name: 'bankssts', rgba: [0.098, 0.392, 0.157, 1] },
      { key: 7, name: 'old-style & uncoloured' },
    ]);
  });

  it('skips a surface’s arrays and names files without data or with mismatched maps', async () => {
    const data = await readGiftiData(
      gifti([pointset(POSITIONS.join(' ')), triangles(FACES.join(' ')), shape([1, 2, 3, 4])]),
    );
    expect(data.vertexCount).toBe(4);
    expect(data.maps).toHaveLength(1);
    await expect(readGiftiData(ASCII_SURFACE)).rejects.toThrow(/no per-vertex data arrays/);
    await expect(readGiftiData(gifti([shape([1, 2, 3]), shape([1, 2])]))).rejects.toThrow(
      /DataArray 1 \(NIFTI_INTENT_SHAPE\) has 2 vertices but DataArray 0 has 3/,
    );
    await expect(readGiftiData(gifti([shape([], { dims: [1, 1, 1], data: '1' })]))).rejects.toThrow(
      /is 1×1×1: not vertices or vertices × maps/,
    );
  });
});
