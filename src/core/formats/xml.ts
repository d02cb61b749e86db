/**
 * A small XML reader for element trees such as GIfTI's. Core code also runs in Web Workers, which
 * have no DOMParser, so this scans the text itself: elements, attributes, text and CDATA, the five
 * predefined entities and numeric character references. The XML declaration, processing
 * instructions, comments and the DOCTYPE are skipped; namespaces and DTDs are not interpreted, and
 * unknown entities are kept as written.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text and CDATA in document order (not its children's), entities decoded. */
  text: string;
}

export class XmlFormatError extends Error {
  override name = 'XmlFormatError';
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return Object.hasOwn(ENTITIES, ref) ? ENTITIES[ref] : whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : Number(ref.slice(1));
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

const NAME = /[^\s/>]+/y;
const ATTRIBUTE = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
const TAG_END = /\s*(\/?)>/y;

/** The line number of `pos`, for error messages. */
function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The root element of an XML document. */
export function parseXml(text: string): XmlElement {
  const fail = (message: string, pos: number): never => {
    throw new XmlFormatError(`${message} (line ${lineOf(text, pos)})`);
  };
  const closing = (marker: string, from: number, what: string): number => {
    const end = text.indexOf(marker, from);
    return end < 0 ? fail(`the XML ends inside a ${what}`, from) : end;
  };
  const open: { element: XmlElement; parts: string[] }[] = [];
  let root: XmlElement | undefined;
  const addText = (value: string, pos: number) => {
    if (open.length > 0) open[open.length - 1].parts.push(value);
    else if (value.trim() !== '') fail('text outside the root element', pos);
  };

  let pos = 0;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > pos) addText(decodeEntities(text.slice(pos, textEnd)), pos);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      pos = closing('-->', lt + 4, 'comment') + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = closing(']]>', lt + 9, 'CDATA section');
      addText(text.slice(lt + 9, end), lt);
      pos = end + 3;
    } else if (text.startsWith('<?', lt)) {
      pos = closing('?>', lt + 2, 'processing instruction') + 2;
    } else if (text.startsWith('<!', lt)) {
      // A DOCTYPE, possibly with an internal subset in brackets that itself contains '>'.
      let depth = 0;
      let i = lt + 2;
      for (; i < text.length && !(text[i] === '>' && depth === 0); i++) {
        if (text[i] === '[') depth++;
        else if (text[i] === ']') depth--;
      }
      if (i >= text.length) fail('the XML ends inside a declaration', lt);
      pos = i + 1;
    } else if (text[lt + 1] === '/') {
      const end = closing('>', lt, 'closing tag');
      const name = text.slice(lt + 2, end).trim();
      const top = open.pop();
      if (!top) fail(`</${name}> closes no open element`, lt);
      else if (top.element.name !== name) fail(`</${name}> closes <${top.element.name}>`, lt);
      else top.element.text = top.parts.join('');
      pos = end + 1;
    } else {
      NAME.lastIndex = lt + 1;
      const name = NAME.exec(text)?.[0] ?? fail('a "<" that starts no tag', lt);
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      ATTRIBUTE.lastIndex = NAME.lastIndex;
      let end = ATTRIBUTE.lastIndex;
      for (let m = ATTRIBUTE.exec(text); m; m = ATTRIBUTE.exec(text)) {
        element.attributes[m[1]] = decodeEntities(m[2] ?? m[3]);
        end = ATTRIBUTE.lastIndex;
      }
      TAG_END.lastIndex = end;
      const tagEnd = TAG_END.exec(text) ?? fail(`the tag <${name}> is malformed or unterminated`, lt);
      if (open.length > 0) open[open.length - 1].element.children.push(element);
      else if (root) fail(`a second root element <${name}> after <${root.name}>`, lt);
      else root = element;
      if (tagEnd[1] !== '/') open.push({ element, parts: [] });
      pos = TAG_END.lastIndex;
    }
  }
  if (open.length > 0) fail(`the XML ends inside <${open[open.length - 1].element.name}>`, text.length);
  return root ?? fail('there is no root element', text.length);
}
