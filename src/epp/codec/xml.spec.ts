import {
  el,
  leaf,
  parseXml,
  serializeXml,
  XmlSecurityError,
  XmlSyntaxError,
  child,
  childText,
  XmlValueError,
} from './xml';

describe('xml', () => {
  it('resolves namespaces by prefix and default namespace', () => {
    const root = parseXml(
      '<epp xmlns="urn:ietf:params:xml:ns:epp-1.0"><command><create><d:create xmlns:d="urn:ietf:params:xml:ns:domain-1.0"><d:name>a.nl</d:name></d:create></create></command></epp>',
    );
    expect(root.ns).toBe('urn:ietf:params:xml:ns:epp-1.0');
    const create = child(
      child(child(root, '*', 'command'), '*', 'create'),
      'urn:ietf:params:xml:ns:domain-1.0',
      'create',
    );
    expect(childText(create, 'urn:ietf:params:xml:ns:domain-1.0', 'name')).toBe('a.nl');
  });

  it('decodes predefined entities and numeric references but refuses others', () => {
    expect(parseXml('<a b="1&amp;2">x&lt;&#x41;&#66;</a>').text).toBe('x<AB');
    expect(parseXml('<a b="1&amp;2"/>').attrs.b).toBe('1&2');
    expect(() => parseXml('<a>&foo;</a>')).toThrow(XmlSecurityError);
  });

  it('refuses a DOCTYPE and entity declarations (XXE, billion laughs)', () => {
    expect(() => parseXml('<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(
      XmlSecurityError,
    );
    expect(() => parseXml('<!doctype a SYSTEM "file:///etc/passwd"><a/>')).toThrow(XmlSecurityError);
  });

  it('refuses non-XML and truncated documents', () => {
    expect(() => parseXml('hello')).toThrow(XmlSyntaxError);
    expect(() => parseXml('<epp><command>')).toThrow(XmlSyntaxError);
    expect(() => parseXml('')).toThrow(XmlSyntaxError);
  });

  it('reports hostile documents (deep nesting, out-of-range references) as XmlSyntaxError', () => {
    expect(() => parseXml('<a>&#x110000;</a>')).toThrow(XmlSyntaxError);
    const deep = '<a>'.repeat(200_000) + '</a>'.repeat(200_000);
    expect(() => parseXml(deep)).toThrow(XmlSyntaxError);
  });

  it('escapes values when building, so they round-trip unchanged', () => {
    const nasty = `A&B <c> "q" 'a' ]]> é 😀`;
    const xml = serializeXml(el('x', { v: nasty }, [leaf('y', nasty)]));
    expect(xml).not.toContain('<c>');
    const back = parseXml(xml);
    expect(back.attrs.v).toBe(nasty);
    expect(childText(back, '*', 'y')).toBe(nasty);
  });

  it('refuses characters XML 1.0 cannot carry instead of emitting a broken frame', () => {
    expect(() => serializeXml(leaf('x', 'a\u0000b'))).toThrow(XmlValueError);
  });
});
