import { NS } from '../namespaces';
import { XmlElement } from '../xml';
import { compact, DecodeNotes, parseBoolean, pathOf, required, text, texts } from './decode-support';
import {
  FuryAttribute,
  FuryInfoProperty,
  FuryPropertyCheckData,
  FuryPropertyDefinition,
  FuryPropertyDefinitions,
  ResponseExtensions,
} from './types';

const F = NS.fury;

const childEl = (el: XmlElement | undefined, local: string) =>
  el?.children.find((c) => c.local === local && c.ns === F);
const childEls = (el: XmlElement | undefined, local: string) =>
  el ? el.children.filter((c) => c.local === local && c.ns === F) : [];

/** `fury:info` on an object info response: the object's properties and IDN bundle (fury-2.1). */
export function decodeFuryInfo(el: XmlElement, path: string, notes: DecodeNotes): ResponseExtensions['fury'] {
  notes.others(el, path, F, ['properties', 'bundle']);
  const props = childEl(el, 'properties');
  const properties: FuryInfoProperty[] = childEls(props, 'property').map((p) => ({
    key: required(p, F, 'key'),
    values: texts(p, F, 'value'),
  }));
  const bundle = childEl(el, 'bundle');
  return compact({
    properties,
    bundle: bundle
      ? { name: required(bundle, F, 'name'), domains: texts(childEl(bundle, 'domains'), F, 'name') }
      : undefined,
  });
}

/**
 * `fury:response` of the extension-only property query (`fury:command/info` → `infData`, the
 * property definitions) or value check (`fury:command/check` → `chkData`).
 */
export function decodeFuryResponse(
  el: XmlElement,
  path: string,
  notes: DecodeNotes,
): FuryPropertyDefinitions | FuryPropertyCheckData | undefined {
  const infData = childEl(el, 'infData');
  if (infData) {
    const infPath = pathOf(path, infData);
    notes.others(infData, infPath, F, ['language', 'properties']);
    return compact({
      type: 'fury:infData' as const,
      language: text(infData, F, 'language'),
      properties: childEls(childEl(infData, 'properties'), 'property').map((p) =>
        definitionOf(p, `${infPath}/fury:properties/${p.name}`, notes),
      ),
    });
  }
  const chkData = childEl(el, 'chkData');
  if (chkData) {
    return {
      type: 'fury:chkData',
      properties: childEls(childEl(chkData, 'properties'), 'property').map((p) => ({
        key: required(p, F, 'key'),
        values: childEls(childEl(p, 'propertyValues'), 'propertyValue').map((v) =>
          compact({
            value: required(v, F, 'value'),
            result: required(v, F, 'result'),
            reason: text(v, F, 'reason'),
          }),
        ),
      })),
    };
  }
  notes.add(path);
  return undefined;
}

function definitionOf(p: XmlElement, path: string, notes: DecodeNotes): FuryPropertyDefinition {
  notes.others(p, path, F, ['key', 'localizedKey', 'propertyValues', 'propertyAttributes']);
  return compact({
    key: required(p, F, 'key'),
    localizedKey: text(p, F, 'localizedKey'),
    values: childEls(childEl(p, 'propertyValues'), 'propertyValue').map((v) => {
      const value = childEl(v, 'value');
      const detail = childEl(v, 'localizedDetail');
      return compact({
        value: value?.text.trim() ?? '',
        localizedValue: text(v, F, 'localizedValue'),
        // Free text (CIRA sends an HTML agreement here): keep it as sent, only trimmed.
        localizedDetail: detail?.text.trim(),
        isDefault: value?.attrs.default !== undefined ? parseBoolean(value.attrs.default) : undefined,
        attributes: attributeMap(childEls(childEl(v, 'propertyValueAttributes'), 'propertyValueAttribute')),
      });
    }),
    attributes: attributeMap(childEls(childEl(p, 'propertyAttributes'), 'propertyAttribute')),
  });
}

function attributeMap(entries: XmlElement[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of entries.map(attributeOf)) if (a.key && !(a.key in out)) out[a.key] = a.values[0] ?? '';
  return out;
}

function attributeOf(el: XmlElement): FuryAttribute {
  return { key: required(el, F, 'key'), values: texts(el, F, 'value') };
}
