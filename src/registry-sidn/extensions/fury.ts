import type { EncodeContext } from '../../epp/codec/context';
import { EncodeError } from '../../epp/codec/commands/encode-error';
import type {
  FuryProperty,
  FuryPropertyChanges,
  FuryPropertyCheckQuery,
  FuryPropertyInfoQuery,
} from '../../epp/codec/commands/types';
import { line, nonEmpty, token } from '../../epp/codec/commands/values';
import { NS } from '../../epp/codec/namespaces';
import { el, leaf, type XmlBuildElement } from '../../epp/codec/xml';

/**
 * CIRA Fury `fury-2.1` (Hello Registry): key/value properties on contact and domain create and
 * update, and the extension-only property-definition query and value check. Shapes follow
 * fury-2.1.xsd and the Net-DRI .ca/.ie frames in the reference pack.
 */

const fury = (local: string) => `fury:${local}`;
const XMLNS = { 'xmlns:fury': NS.fury };

/**
 * The properties that go on the wire for this session. With fury-2.1 negotiated: all of them.
 * Without: the ones the caller marked optional are left out; any other one fails the command
 * rather than being dropped silently.
 */
export function negotiatedProperties(
  ctx: EncodeContext,
  properties: readonly FuryProperty[] | undefined,
  what: string,
): readonly FuryProperty[] {
  if (!properties || properties.length === 0) return [];
  if (ctx.extensions.has(NS.fury)) return properties;
  const required = properties.filter((p) => !p.optional);
  if (required.length > 0) {
    throw new EncodeError(
      'extension-not-negotiated',
      `${what}: properties ${required.map((p) => p.key).join(', ')} need the extension ${NS.fury}, ` +
        `which was not negotiated at login (registry profile ${ctx.profile})`,
      'properties',
    );
  }
  return [];
}

function valueElement(field: string, value: string, isDefault: boolean | undefined): XmlBuildElement {
  return leaf(fury('value'), line(field, value, { min: 0 }), { default: isDefault ? 'true' : undefined });
}

function propertyElement(p: FuryProperty, i: number): XmlBuildElement {
  return el(fury('property'), {}, [
    leaf(fury('key'), token(`properties[${i}].key`, p.key)),
    valueElement(`properties[${i}].value`, p.value, p.isDefault),
  ]);
}

/** `fury:create` for contact:create and domain:create; undefined when there is nothing to send. */
export function furyCreate(properties: readonly FuryProperty[]): XmlBuildElement | undefined {
  if (properties.length === 0) return undefined;
  return el(fury('create'), XMLNS, [el(fury('properties'), {}, properties.map(propertyElement))]);
}

/**
 * `fury:update`: `add` and `rem` with values; `remAll` keys as `<fury:remAll>true</fury:remAll>`
 * inside `rem`. A change of a single-valued property is rem old + add new (Fury semantics).
 */
export function furyUpdate(
  ctx: EncodeContext,
  changes: FuryPropertyChanges | undefined,
  what: string,
): XmlBuildElement | undefined {
  if (!changes) return undefined;
  const add = negotiatedProperties(ctx, changes.add, what);
  const rem = negotiatedProperties(ctx, changes.rem, what);
  const remAll = changes.remAll ?? [];
  if (remAll.length > 0 && !ctx.extensions.has(NS.fury)) {
    throw new EncodeError(
      'extension-not-negotiated',
      `${what}: removing all values of ${remAll.join(', ')} needs the extension ${NS.fury}, which was not negotiated`,
      'properties.remAll',
    );
  }
  if (add.length === 0 && rem.length === 0 && remAll.length === 0) return undefined;
  const remAllElements = remAll.map((key, i) =>
    el(fury('property'), {}, [
      leaf(fury('key'), token(`properties.remAll[${i}]`, key)),
      leaf(fury('remAll'), 'true'),
    ]),
  );
  return el(fury('update'), XMLNS, [
    add.length > 0 && el(fury('add'), {}, [el(fury('properties'), {}, add.map(propertyElement))]),
    (rem.length > 0 || remAll.length > 0) &&
      el(fury('rem'), {}, [el(fury('properties'), {}, [...rem.map(propertyElement), ...remAllElements])]),
  ]);
}

/** `fury:command/fury:info`: the registry's property definitions (all, or the listed keys). */
export function furyInfoCommand(q: FuryPropertyInfoQuery): XmlBuildElement {
  const keys = q.keys ?? [];
  return el(fury('command'), XMLNS, [
    el(fury('info'), {}, [
      q.language !== undefined && leaf(fury('language'), token('language', q.language)),
      el(
        fury('properties'),
        {},
        keys.map((k, i) =>
          typeof k === 'string'
            ? el(fury('property'), {}, [leaf(fury('key'), token(`keys[${i}]`, k))])
            : propertyElement(k, i),
        ),
      ),
    ]),
  ]);
}

/** `fury:command/fury:check`: asks whether candidate values are acceptable for their keys. */
export function furyCheckCommand(q: FuryPropertyCheckQuery): XmlBuildElement {
  nonEmpty('properties', q.properties);
  return el(fury('command'), XMLNS, [
    el(fury('check'), {}, [
      el(
        fury('properties'),
        {},
        q.properties.map((p, i) =>
          el(fury('property'), {}, [
            leaf(fury('key'), token(`properties[${i}].key`, p.key)),
            ...nonEmpty(`properties[${i}].values`, p.values).map((v, j) =>
              valueElement(`properties[${i}].values[${j}]`, v, false),
            ),
          ]),
        ),
      ),
    ]),
  ]);
}
