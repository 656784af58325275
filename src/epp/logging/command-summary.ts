import { NS } from '../codec/namespaces';
import { child, parseXml, XmlElement } from '../codec/xml';
import type { CommandSummary } from '../session/session-codec';

const OBJECT_TYPES: Readonly<Record<string, string>> = {
  [NS.domain]: 'domain',
  [NS.contact]: 'contact',
  [NS.host]: 'host',
  [NS.org]: 'org',
};

/** The element naming the object a command is about: never a personal-data element. */
const ID_ELEMENTS = new Set(['name', 'id']);

/**
 * What a command frame is about, for the log line: `domain:create` + `example.nl`, `poll` + message
 * id, `login` + client id. Reads only element names, the object identifier and the clTRID, so
 * nothing else from the frame (passwords, postal data, e-mail) can reach a log line.
 */
export function summarizeCommandFrame(xml: string): CommandSummary {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch {
    return { command: 'unparseable' };
  }
  if (child(root, NS.epp, 'hello')) return { command: 'hello' };
  const command = child(root, NS.epp, 'command');
  if (!command) {
    // Extension-only commands (Fury property queries, DRS5 domainCancelDelete).
    const ext = child(root, NS.epp, 'extension')?.children[0];
    const verb = ext?.children[0];
    const clTRID = ext ? child(ext, '*', 'clTRID')?.text.trim() : undefined;
    const objectId = verb ? verb.children.find((c) => ID_ELEMENTS.has(c.local))?.text.trim() : undefined;
    return clean({ command: verb ? `ext:${verb.local}` : 'unknown', objectId, clTRID });
  }
  const clTRID = child(command, NS.epp, 'clTRID')?.text.trim();
  const verb = command.children.find(
    (c) => c.ns === NS.epp && c.local !== 'extension' && c.local !== 'clTRID',
  );
  if (!verb) return clean({ command: 'unknown', clTRID });
  if (verb.local === 'login')
    return clean({ command: 'login', objectId: child(verb, NS.epp, 'clID')?.text.trim(), clTRID });
  if (verb.local === 'poll') {
    return clean({ command: `poll:${verb.attrs.op ?? '?'}`, objectId: verb.attrs.msgID, clTRID });
  }
  const object = verb.children[0];
  if (!object) return clean({ command: verb.local, clTRID });
  const type = OBJECT_TYPES[object.ns] ?? object.name.split(':')[0];
  const op = verb.local === 'transfer' && verb.attrs.op ? `transfer-${verb.attrs.op}` : verb.local;
  const ids = object.children
    .filter((c) => ID_ELEMENTS.has(c.local) && c.ns === object.ns)
    .map((c) => c.text.trim());
  return clean({ command: `${type}:${op}`, objectId: ids.length ? ids.join(',') : undefined, clTRID });
}

function clean(summary: CommandSummary): CommandSummary {
  const out: { command: string; objectId?: string; clTRID?: string } = { command: summary.command };
  if (summary.objectId) out.objectId = summary.objectId;
  if (summary.clTRID) out.clTRID = summary.clTRID;
  return out;
}
