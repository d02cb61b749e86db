import { describe, expect, it } from 'vitest';
import { parseLabel } from './label';

/** As FreeSurfer's LabelWrite lays it out: fixed-width columns, a trailing newline. */
const LABEL = `#!ascii label  , from subject fsaverage5 vox2ras=TkReg
3
12  -38.736  -19.343  67.220 0.0000000000
5000  -41.061  -7.146  -5.827 0.2500000000
-1  1.000  2.000  3.000 -1.5000000000
`;

describe('label', () => {
  it('reads vertices, coordinates and values', () => {
    const label = parseLabel(LABEL);
    expect(label.comment).toBe('#!ascii label  , from subject fsaverage5 vox2ras=TkReg');
    expect(label.vertices).toEqual(Int32Array.from([12, 5000, -1]));
    expect(label.positions).toEqual(
      Float32Array.from([-38.736, -19.343, 67.22, -41.061, -7.146, -5.827, 1, 2, 3]),
    );
    expect(label.values).toEqual(Float32Array.from([0, 0.25, -1.5]));
  });

  it('accepts CRLF line ends, blank lines and an empty label', () => {
    expect(parseLabel(LABEL.replace(/\n/g, '\r\n\r\n')).vertices).toHaveLength(3);
    expect(parseLabel('#!ascii label\n0\n').vertices).toHaveLength(0);
  });

  it('names what is wrong with a bad label', () => {
    expect(() => parseLabel('#!ascii label\n')).toThrow(/not a FreeSurfer label: .* point count, not ""/);
    expect(() => parseLabel('\u0000\u0001binary')).toThrow(/not a FreeSurfer label/);
    expect(() => parseLabel('#!ascii label\n2.5\n')).toThrow(/point count, not "2.5"/);
    expect(() => parseLabel(LABEL.replace('\n3\n', '\n4\n'))).toThrow(/says it has 4 points but has 3 rows/);
    expect(() => parseLabel(LABEL.replace('5000  -41.061', '5000'))).toThrow(
      'line 4 is not "vertex x y z value": "5000  -7.146  -5.827 0.2500000000"',
    );
    expect(() => parseLabel(LABEL.replace('12 ', '1.5 '))).toThrow(/line 3 is not "vertex x y z value"/);
    expect(() => parseLabel(LABEL.replace('67.220', 'nan?'))).toThrow(/line 3 is not/);
  });
});
