import type { EncodeContext } from '../context';
import { el, leaf, type XmlBuildElement } from '../xml';
import { EncodeError } from './encode-error';
import { commandFrame, objectElement, statusElement } from './frame';
import type {
  HostAddRem,
  HostAddress,
  HostCheckCommand,
  HostCreateCommand,
  HostDeleteCommand,
  HostInfoCommand,
  HostUpdateCommand,
} from './types';
import { label, nonEmpty, token } from './values';

/** RFC 5732 host commands. */

const h = (local: string) => `host:${local}`;

function addrElement(field: string, a: HostAddress): XmlBuildElement {
  if (a.ip !== 'v4' && a.ip !== 'v6') throw new EncodeError('invalid-value', `${field}.ip: must be v4 or v6`);
  return leaf(h('addr'), token(`${field}.address`, a.address, { min: 3, max: 45 }), { ip: a.ip });
}

function addRemElement(local: 'add' | 'rem', x: HostAddRem | undefined): XmlBuildElement | undefined {
  if (!x) return undefined;
  return el(h(local), {}, [
    ...(x.addrs ?? []).map((a, i) => addrElement(`${local}.addrs[${i}]`, a)),
    ...(x.statuses ?? []).map((s, i) => statusElement('host', `${local}.statuses[${i}]`, s)),
  ]);
}

export function encodeHostCheck(cmd: HostCheckCommand, ctx: EncodeContext): string {
  const names = nonEmpty('names', cmd.names);
  return commandFrame(
    ctx.clTRID,
    el('check', {}, [
      objectElement(
        'host',
        'check',
        names.map((n, i) => leaf(h('name'), label(`names[${i}]`, n))),
      ),
    ]),
  );
}

export function encodeHostInfo(cmd: HostInfoCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('info', {}, [objectElement('host', 'info', [leaf(h('name'), label('name', cmd.name))])]),
  );
}

export function encodeHostCreate(cmd: HostCreateCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('create', {}, [
      objectElement('host', 'create', [
        leaf(h('name'), label('name', cmd.name)),
        ...(cmd.addrs ?? []).map((a, i) => addrElement(`addrs[${i}]`, a)),
      ]),
    ]),
  );
}

export function encodeHostUpdate(cmd: HostUpdateCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('update', {}, [
      objectElement('host', 'update', [
        leaf(h('name'), label('name', cmd.name)),
        addRemElement('add', cmd.add),
        addRemElement('rem', cmd.rem),
        cmd.chg && el(h('chg'), {}, [leaf(h('name'), label('chg.name', cmd.chg.name))]),
      ]),
    ]),
  );
}

export function encodeHostDelete(cmd: HostDeleteCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('delete', {}, [objectElement('host', 'delete', [leaf(h('name'), label('name', cmd.name))])]),
  );
}
