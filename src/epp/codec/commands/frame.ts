import { NS } from '../namespaces';
import { el, leaf, serializeXml, XmlValueError, type XmlBuildElement, type XmlNode } from '../xml';
import { EncodeError } from './encode-error';
import { clTRID as checkClTRID, integer, line, token } from './values';
import type { AuthInfo, Period, StatusInput } from './types';

/** The `<epp>` envelope every frame shares. */
export function eppDocument(children: readonly (XmlNode | undefined)[]): string {
  return serialize(el('epp', { xmlns: NS.epp }, children));
}

/**
 * A `<command>` frame (RFC 5730 §2.5): the verb element, the extension block when there is one,
 * and the client transaction id.
 */
export function commandFrame(
  clTRID: string,
  verb: XmlBuildElement,
  extensions: readonly (XmlBuildElement | undefined)[] = [],
): string {
  const present = extensions.filter((e): e is XmlBuildElement => e !== undefined);
  return eppDocument([
    el('command', {}, [
      verb,
      present.length > 0 && el('extension', {}, present),
      leaf('clTRID', checkClTRID(clTRID)),
    ]),
  ]);
}

/** A frame with only an `<extension>` (Fury's `fury:command`, DRS5's `sidn-ext-epp:command`). */
export function extensionOnlyFrame(extension: XmlBuildElement): string {
  return eppDocument([el('extension', {}, [extension])]);
}

/** Serialises, turning a character XML cannot carry into an EncodeError (the value stays out of it). */
export function serialize(root: XmlBuildElement): string {
  try {
    return serializeXml(root);
  } catch (err) {
    if (err instanceof XmlValueError) throw new EncodeError('invalid-value', err.message);
    throw err;
  }
}

/** An object element (`domain:create`, ...) with its namespace declared on it. */
export function objectElement(
  prefix: 'domain' | 'contact' | 'host',
  local: string,
  children: readonly (XmlNode | undefined | false)[],
): XmlBuildElement {
  return el(`${prefix}:${local}`, { [`xmlns:${prefix}`]: NS[prefix] }, children);
}

export function authInfoElement(
  prefix: 'domain' | 'contact',
  field: string,
  authInfo: AuthInfo,
): XmlBuildElement {
  const pw = typeof authInfo === 'string' ? authInfo : authInfo.pw;
  const roid = typeof authInfo === 'string' ? undefined : authInfo.roid;
  return el(`${prefix}:authInfo`, {}, [
    leaf(`${prefix}:pw`, line(field, pw, { min: 0 }), {
      roid: roid === undefined ? undefined : token(`${field}.roid`, roid, { min: 3, max: 89 }),
    }),
  ]);
}

export function periodElement(
  prefix: string,
  field: string,
  period: Period | undefined,
): XmlBuildElement | undefined {
  if (!period) return undefined;
  if (period.unit !== 'y' && period.unit !== 'm')
    throw new EncodeError('invalid-value', `${field}.unit: must be y or m`);
  return leaf(`${prefix}:period`, integer(`${field}.value`, period.value, 1, 99), { unit: period.unit });
}

export function statusElement(
  prefix: 'domain' | 'contact' | 'host',
  field: string,
  status: StatusInput,
): XmlBuildElement {
  const s = typeof status === 'string' ? { s: status } : status;
  const reason =
    'reason' in s && s.reason !== undefined ? line(`${field}.reason`, s.reason, { min: 0 }) : undefined;
  const lang = 'lang' in s && s.lang !== undefined ? token(`${field}.lang`, s.lang) : undefined;
  return el(`${prefix}:status`, { s: token(`${field}.s`, s.s), lang }, reason === undefined ? [] : [reason]);
}
