/**
 * FreeSurfer ASCII labels (`lh.V1_exvivo.label`, …): a comment line, the point count, then one
 * `vertex x y z value` row per point, as nibabel's freesurfer/io.py `read_label` and FreeSurfer's
 * LabelRead read them. Labels drawn on a volume rather than a surface have vertex -1.
 */

export class LabelFormatError extends Error {
  override name = 'LabelFormatError';
}

export interface FreeSurferLabel {
  /** The first line, e.g. `#!ascii label  , from subject fsaverage vox2ras=TkReg`. */
  comment: string;
  /** Vertex index per point; -1 where a point is not a surface vertex. */
  vertices: Int32Array;
  /** x, y, z per point, interleaved (mm, FreeSurfer surface RAS). */
  positions: Float32Array;
  /** The last column per point: often 0, or a statistic or probability. */
  values: Float32Array;
}

export function parseLabel(text: string): FreeSurferLabel {
  const [comment = '', ...rest] = text.split(/\r?\n/);
  const lines = rest.map((line, i) => ({ line: line.trim(), number: i + 2 })).filter((l) => l.line !== '');
  const countLine = lines.shift();
  const count = Number(countLine?.line);
  if (!countLine || !Number.isInteger(count) || count < 0) {
    throw new LabelFormatError(
      `not a FreeSurfer label: the line after the comment should be the point count, not ${JSON.stringify(countLine?.line ?? '')}`,
    );
  }
  if (lines.length !== count) {
    throw new LabelFormatError(`FreeSurfer label says it has ${count} points but has ${lines.length} rows`);
  }
  const vertices = new Int32Array(count);
  const positions = new Float32Array(3 * count);
  const values = new Float32Array(count);
  lines.forEach(({ line, number }, i) => {
    const fields = line.split(/\s+/).map(Number);
    if (fields.length !== 5 || fields.some(Number.isNaN) || !Number.isInteger(fields[0]) || fields[0] < -1) {
      throw new LabelFormatError(
        `FreeSurfer label line ${number} is not "vertex x y z value": ${JSON.stringify(line)}`,
      );
    }
    vertices[i] = fields[0];
    positions.set(fields.slice(1, 4), 3 * i);
    values[i] = fields[4];
  });
  return { comment, vertices, positions, values };
}
