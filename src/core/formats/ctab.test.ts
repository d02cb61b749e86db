import { describe, expect, it } from 'vitest';
import { labelNames, parseCtab } from './ctab';

describe('ctab', () => {
  it('parses "value name [r g b a]" lines, tolerating tabs, padding, comments and CRLF', () => {
    const text =
      '# FreeSurfer LUT\r\n0 Unknown\t    \r\n\r\n  1 V1v\t    \r\n2   V1d  220 20 10 0\r\n7 hV4\n';
    expect(parseCtab(text)).toEqual([
      { value: 0, name: 'Unknown' },
      { value: 1, name: 'V1v' },
      { value: 2, name: 'V1d' },
      { value: 7, name: 'hV4' },
    ]);
  });

  it('lists names for values 1..max, filling gaps', () => {
    const table = parseCtab('0 Unknown\n1 OFA\n3 FFA-2\n5 aTL-faces\n');
    expect(labelNames(table)).toEqual(['OFA', 'label2', 'FFA-2', 'label4', 'aTL-faces']);
    expect(labelNames(parseCtab('0 Unknown\n'))).toEqual([]);
  });

  it('names the line that is wrong', () => {
    expect(() => parseCtab('0 Unknown\nV1 1\n')).toThrow(/line 2 is not "value name": "V1 1"/);
    expect(() => parseCtab('0 Unknown\n3\n')).toThrow(/line 2 is not "value name"/);
    expect(() => parseCtab('1 a\n2 b\n1 c\n')).toThrow(/value 1 appears twice \(lines 1 and 3\)/);
  });
});
