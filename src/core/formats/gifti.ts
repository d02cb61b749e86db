/**
 * GIfTI surfaces and per-vertex data (`.surf.gii`, `.shape.gii`, `.func.gii`, `.label.gii`, and any
 * of them gzipped whole as `.gii.gz`), read as nibabel's gifti parser reads them: an XML tree whose
 * DataArrays hold ASCII, Base64Binary or GZipBase64Binary numbers. Despite its name, the latter is
 * base64 of a zlib stream. Coordinates are returned as stored; the CoordinateSystemTransformMatrix
 * is reported but not applied.
 */
import type { SurfaceMesh } from '../bundle/types';
import { Base64Error, decodeBase64 } from './base64';
import { byteSize, readNumbers, type NumericType } from './binary';
import { InflateError, inflate, isGzip } from './inflate';
import { parseXml, XmlFormatError, type XmlElement } from './xml';

export class GiftiFormatError extends Error {
  override name = 'GiftiFormatError';
}

export type GiftiValues =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface GiftiTransform {
  dataSpace: string;
  transformedSpace: string;
  /** 4×4, row-major. */
  matrix: Float64Array;
}

export interface GiftiDataArray {
  /** E.g. NIFTI_INTENT_POINTSET, NIFTI_INTENT_TRIANGLE, NIFTI_INTENT_SHAPE, NIFTI_INTENT_LABEL. */
  intent: string;
  /** Dim0, Dim1, …: vertices × columns for per-vertex data. */
  dims: number[];
  /** Row-major (last dimension fastest) whatever ArrayIndexingOrder the file used. */
  data: GiftiValues;
  metadata: Record<string, string>;
  transforms: GiftiTransform[];
}

export interface GiftiLabel {
  key: number;
  name: string;
  /** Red, green, blue, alpha in 0..1, when the file gives a colour (alpha defaults to 1). */
  rgba?: [number, number, number, number];
}

export interface GiftiImage {
  metadata: Record<string, string>;
  /** The file's LabelTable, empty when it has none. */
  labels: GiftiLabel[];
  arrays: GiftiDataArray[];
}

const DATA_TYPES: Record<string, { type: GiftiType; array: GiftiArrayClass }> = {
  NIFTI_TYPE_INT8: { type: 'int8', array: Int8Array },
  NIFTI_TYPE_UINT8: { type: 'uint8', array: Uint8Array },
  NIFTI_TYPE_INT16: { type: 'int16', array: Int16Array },
  NIFTI_TYPE_UINT16: { type: 'uint16', array: Uint16Array },
  NIFTI_TYPE_INT32: { type: 'int32', array: Int32Array },
  NIFTI_TYPE_UINT32: { type: 'uint32', array: Uint32Array },
  NIFTI_TYPE_FLOAT32: { type: 'float32', array: Float32Array },
  NIFTI_TYPE_FLOAT64: { type: 'float64', array: Float64Array },
};
type GiftiArrayClass = new (values: ArrayLike<number> | number) => GiftiValues;
/** The standard names UINT8, INT32 and FLOAT32; nibabel writes the others too, except 64-bit integers. */
type GiftiType = Exclude<NumericType, 'int64' | 'uint64'>;

const POINTSET = 'NIFTI_INTENT_POINTSET';
const TRIANGLE = 'NIFTI_INTENT_TRIANGLE';
const LABEL = 'NIFTI_INTENT_LABEL';

const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);
const childNamed = (element: XmlElement | undefined, name: string) =>
  element?.children.find((c) => c.name === name);

function readMetadata(element: XmlElement | undefined): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const md of element ? childrenNamed(element, 'MD') : []) {
    const name = childNamed(md, 'Name')?.text.trim();
    if (name) metadata[name] = childNamed(md, 'Value')?.text.trim() ?? '';
  }
  return metadata;
}

function readLabelTable(element: XmlElement | undefined): GiftiLabel[] {
  return (element ? childrenNamed(element, 'Label') : []).map((label, i) => {
    // GIfTI 1.0 names the key "Key"; older files say "Index".
    const key = Number(label.attributes.Key ?? label.attributes.Index);
    if (!Number.isInteger(key)) throw new GiftiFormatError(`LabelTable entry ${i} has no integer Key`);
    const { Red, Green, Blue, Alpha } = label.attributes;
    const entry: GiftiLabel = { key, name: label.text.trim() };
    if (Red !== undefined && Green !== undefined && Blue !== undefined) {
      entry.rgba = [Number(Red), Number(Green), Number(Blue), Alpha === undefined ? 1 : Number(Alpha)];
    }
    return entry;
  });
}

function readTransform(element: XmlElement, where: string): GiftiTransform {
  const numbers = (childNamed(element, 'MatrixData')?.text.trim() ?? '').split(/\s+/).map(Number);
  if (numbers.length !== 16 || numbers.some(Number.isNaN)) {
    throw new GiftiFormatError(`${where}: its CoordinateSystemTransformMatrix does not hold 16 numbers`);
  }
  return {
    dataSpace: childNamed(element, 'DataSpace')?.text.trim() ?? '',
    transformedSpace: childNamed(element, 'TransformedSpace')?.text.trim() ?? '',
    matrix: Float64Array.from(numbers),
  };
}

function readDims(attributes: Record<string, string>, where: string): number[] {
  const rank = Number(attributes.Dimensionality);
  if (!Number.isInteger(rank) || rank < 1) {
    throw new GiftiFormatError(
      `${where}: Dimensionality ${JSON.stringify(attributes.Dimensionality)} is not 1 or more`,
    );
  }
  return Array.from({ length: rank }, (_, k) => {
    const dim = Number(attributes[`Dim${k}`]);
    if (!Number.isInteger(dim) || dim < 0) {
      throw new GiftiFormatError(`${where}: Dim${k} ${JSON.stringify(attributes[`Dim${k}`])} is not a size`);
    }
    return dim;
  });
}

/** Column-major values (first dimension fastest) reordered row-major (last fastest). */
function toRowMajor(values: GiftiValues, dims: number[], array: GiftiArrayClass): GiftiValues {
  const out = new array(values.length);
  const index = new Array<number>(dims.length).fill(0);
  const strides = dims.map((_, k) => dims.slice(0, k).reduce((a, b) => a * b, 1));
  for (let i = 0; i < out.length; i++) {
    let source = 0;
    for (let k = 0; k < dims.length; k++) source += index[k] * strides[k];
    out[i] = values[source];
    for (let k = dims.length - 1; k >= 0 && ++index[k] === dims[k]; k--) index[k] = 0;
  }
  return out;
}

async function decompress(bytes: Uint8Array, what: string): Promise<Uint8Array> {
  try {
    return await inflate(bytes, isGzip(bytes) ? 'gzip' : 'deflate');
  } catch (error) {
    if (error instanceof InflateError) {
      throw new GiftiFormatError(`${what} is truncated or corrupt: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function decodeBase64Data(text: string, where: string): Uint8Array {
  try {
    return decodeBase64(text);
  } catch (error) {
    if (error instanceof Base64Error) {
      throw new GiftiFormatError(`${where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

async function readDataArray(element: XmlElement, index: number): Promise<GiftiDataArray> {
  const { attributes } = element;
  const intent = attributes.Intent ?? 'NIFTI_INTENT_NONE';
  const where = `DataArray ${index} (${intent})`;
  const dataType = Object.hasOwn(DATA_TYPES, attributes.DataType)
    ? DATA_TYPES[attributes.DataType]
    : undefined;
  if (!dataType) {
    throw new GiftiFormatError(
      `${where}: DataType ${attributes.DataType} is not supported (supported: ${Object.keys(DATA_TYPES).join(', ')})`,
    );
  }
  const dims = readDims(attributes, where);
  const count = dims.reduce((a, b) => a * b, 1);
  const endian = attributes.Endian ?? 'LittleEndian';
  if (endian !== 'LittleEndian' && endian !== 'BigEndian') {
    throw new GiftiFormatError(`${where}: Endian ${endian} is neither LittleEndian nor BigEndian`);
  }
  const order = attributes.ArrayIndexingOrder ?? 'RowMajorOrder';
  if (order !== 'RowMajorOrder' && order !== 'ColumnMajorOrder') {
    throw new GiftiFormatError(
      `${where}: ArrayIndexingOrder ${order} is neither RowMajorOrder nor ColumnMajorOrder`,
    );
  }
  const text = childNamed(element, 'Data')?.text ?? '';
  const shape = `${dims.join('×')} ${dataType.type} values`;

  let data: GiftiValues;
  const encoding = attributes.Encoding;
  if (encoding === 'ASCII') {
    const words = text.trim() === '' ? [] : text.trim().split(/\s+/);
    if (words.length !== count) {
      throw new GiftiFormatError(
        `${where}: its ASCII data hold ${words.length} numbers, but ${shape} need ${count}`,
      );
    }
    const numbers = words.map(Number);
    const bad = numbers.findIndex(Number.isNaN);
    if (bad >= 0)
      throw new GiftiFormatError(`${where}: ASCII value ${JSON.stringify(words[bad])} is not a number`);
    data = new dataType.array(numbers);
  } else if (encoding === 'Base64Binary' || encoding === 'GZipBase64Binary') {
    const decoded = decodeBase64Data(text, where);
    const bytes =
      encoding === 'GZipBase64Binary'
        ? await decompress(decoded, `${where}: its GZipBase64Binary data`)
        : decoded;
    const needed = count * byteSize(dataType.type);
    if (bytes.length !== needed) {
      throw new GiftiFormatError(`${where}: its data are ${bytes.length} bytes, but ${shape} need ${needed}`);
    }
    data = readNumbers(bytes, 0, count, dataType.type, endian === 'LittleEndian');
  } else if (encoding === 'ExternalFileBinary') {
    throw new GiftiFormatError(
      `${where}: its data are in an external file (${attributes.ExternalFileName || 'unnamed'}); ExternalFileBinary is not supported, only data inside the .gii`,
    );
  } else {
    throw new GiftiFormatError(
      `${where}: Encoding ${encoding} is not supported (supported: ASCII, Base64Binary, GZipBase64Binary)`,
    );
  }

  return {
    intent,
    dims,
    data: order === 'ColumnMajorOrder' && dims.length > 1 ? toRowMajor(data, dims, dataType.array) : data,
    metadata: readMetadata(childNamed(element, 'MetaData')),
    transforms: childrenNamed(element, 'CoordinateSystemTransformMatrix').map((t) => readTransform(t, where)),
  };
}

/** Every DataArray of a .gii or .gii.gz file (gzip is detected from the bytes), decoded. */
export async function readGifti(bytes: Uint8Array): Promise<GiftiImage> {
  const raw = isGzip(bytes) ? await decompress(bytes, 'the gzip-compressed GIfTI file') : bytes;
  const text = new TextDecoder().decode(raw);
  if (!text.trimStart().startsWith('<')) {
    throw new GiftiFormatError('not a GIfTI file: it is not XML (it does not start with "<")');
  }
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (error instanceof XmlFormatError) {
      throw new GiftiFormatError(`not a readable GIfTI file: ${error.message}`, { cause: error });
    }
    throw error;
  }
  if (root.name !== 'GIFTI') {
    throw new GiftiFormatError(`not a GIfTI file: its XML root is <${root.name}>, not <GIFTI>`);
  }
  const arrays: GiftiDataArray[] = [];
  for (const [i, element] of childrenNamed(root, 'DataArray').entries()) {
    arrays.push(await readDataArray(element, i));
  }
  return {
    metadata: readMetadata(childNamed(root, 'MetaData')),
    labels: readLabelTable(childNamed(root, 'LabelTable')),
    arrays,
  };
}

function nByThree(array: GiftiDataArray, what: string): number {
  if (array.dims.length !== 2 || array.dims[1] !== 3) {
    throw new GiftiFormatError(`the GIfTI ${what} array is ${array.dims.join('×')}, not N×3`);
  }
  return array.dims[0];
}

/** The mesh of a surface GIfTI: its first POINTSET (vertex xyz) and TRIANGLE (faces) arrays. */
export async function readGiftiSurface(bytes: Uint8Array): Promise<SurfaceMesh> {
  const { arrays } = await readGifti(bytes);
  const points = arrays.find((a) => a.intent === POINTSET);
  if (!points)
    throw new GiftiFormatError(`not a GIfTI surface: it has no ${POINTSET} array (vertex coordinates)`);
  const triangles = arrays.find((a) => a.intent === TRIANGLE);
  if (!triangles) {
    throw new GiftiFormatError(`the GIfTI surface has vertex coordinates but no ${TRIANGLE} array (faces)`);
  }
  const nVertices = nByThree(points, 'vertex coordinate');
  nByThree(triangles, 'triangle');
  const corners = triangles.data;
  for (let i = 0; i < corners.length; i++) {
    const v = corners[i];
    if (!(Number.isInteger(v) && v >= 0 && v < nVertices)) {
      throw new GiftiFormatError(
        `GIfTI face ${Math.floor(i / 3)} refers to vertex ${v}, but there are ${nVertices}`,
      );
    }
  }
  return {
    positions: points.data instanceof Float32Array ? points.data : Float32Array.from(points.data),
    faces: Uint32Array.from(corners),
  };
}

export interface GiftiMap {
  intent: string;
  /** One value per vertex: label keys (Int32Array) for NIFTI_INTENT_LABEL, Float32Array otherwise. */
  values: Float32Array | Int32Array;
  /** The DataArray's metadata (e.g. Name, ShapeDataType, TimeStep). */
  metadata: Record<string, string>;
}

export interface GiftiVertexData {
  vertexCount: number;
  /**
   * The maps or time points in file order: one per DataArray other than POINTSET and TRIANGLE, and
   * one per column of a vertices × k array.
   */
  maps: GiftiMap[];
  /** The file's label table: the names and colours of the keys in its NIFTI_INTENT_LABEL maps. */
  labels: GiftiLabel[];
}

/** The per-vertex data of a GIfTI file (shape, functional, time series, label), one array per map. */
export async function readGiftiData(bytes: Uint8Array): Promise<GiftiVertexData> {
  const { arrays, labels } = await readGifti(bytes);
  const data = arrays
    .map((array, index) => ({ array, index }))
    .filter(({ array }) => array.intent !== POINTSET && array.intent !== TRIANGLE);
  if (data.length === 0) {
    throw new GiftiFormatError(
      'the GIfTI file has no per-vertex data arrays (only a surface’s coordinates and faces)',
    );
  }
  const vertexCount = data[0].array.dims[0];
  const maps: GiftiMap[] = [];
  for (const { array, index } of data) {
    const [rows, columns = 1] = array.dims;
    if (array.dims.length > 2) {
      throw new GiftiFormatError(
        `DataArray ${index} (${array.intent}) is ${array.dims.join('×')}: not vertices or vertices × maps`,
      );
    }
    if (rows !== vertexCount) {
      throw new GiftiFormatError(
        `DataArray ${index} (${array.intent}) has ${rows} vertices but DataArray ${data[0].index} has ${vertexCount}`,
      );
    }
    const Values = array.intent === LABEL ? Int32Array : Float32Array;
    for (let c = 0; c < columns; c++) {
      const values = new Values(rows);
      for (let v = 0; v < rows; v++) values[v] = array.data[v * columns + c];
      maps.push({ intent: array.intent, values, metadata: array.metadata });
    }
  }
  return { vertexCount, maps, labels };
}
