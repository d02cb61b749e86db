import { describe, expect, it } from 'vitest';
import { parseXml } from './xml';

describe('xml', () => {
  it('reads elements, attributes, text and CDATA, skipping the prolog and comments', () => {
    const root = parseXml(`\uFEFF<?xml version="1.0"?>
<!DOCTYPE a [ <!ENTITY x "y"> ]>
<!-- a comment -->
<a one="1" two = 'two &amp; "2"'>
  before<b/>after<![CDATA[<raw> &amp;]]>
  <c>&#65;&#x42;&lt;&unknown;&toString;</c>
</a>
`);
    expect(root.name).toBe('a');
    expect(root.attributes).toEqual({ one: '1', two: 'two & "2"' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c']);
    expect(root.text.replace(/\s+/g, ' ')).toBe(' beforeafter<raw> &amp; ');
    expect(root.children[1].text).toBe('AB<&unknown;&toString;');
    expect(root.children[0]).toEqual({ name: 'b', attributes: {}, children: [], text: '' });
  });

  it('names where the XML is malformed', () => {
    expect(() => parseXml('<a>\n<b></a>')).toThrow(/<\/a> closes <b> \(line 2\)/);
    expect(() => parseXml('<a><b>')).toThrow(/the XML ends inside <b>/);
    expect(() => parseXml('<a></a></b>')).toThrow(/<\/b> closes no open element/);
    expect(() => parseXml('<a/><b/>')).toThrow(/a second root element <b> after <a>/);
    expect(() => parseXml('x<a/>')).toThrow(/text outside the root element/);
    expect(() => parseXml('<a x=1/>')).toThrow(/the tag <a> is malformed or unterminated/);
    expect(() => parseXml('<a><![CDATA[x</a>')).toThrow(/ends inside a CDATA section/);
    expect(() => parseXml('<!-- nothing -->')).toThrow(/there is no root element/);
  });
});
