import { furyCreate, furyUpdate, negotiatedProperties } from '../../../registry-sidn/extensions/fury';
import { rgpRestoreReport, rgpRestoreRequest } from '../../../registry-sidn/extensions/rgp';
import { scheduledDeleteUpdate } from '../../../registry-sidn/extensions/scheduled-delete';
import { secDnsCreate, secDnsUpdate } from '../../../registry-sidn/extensions/secdns';
import type { EncodeContext } from '../context';
import { NS } from '../namespaces';
import { el, leaf, type XmlBuildElement } from '../xml';
import { EncodeError } from './encode-error';
import { authInfoElement, commandFrame, objectElement, periodElement, statusElement } from './frame';
import type {
  DomainAddRem,
  DomainCheckCommand,
  DomainContact,
  DomainCreateCommand,
  DomainDeleteCommand,
  DomainInfoCommand,
  DomainRenewCommand,
  DomainRestoreReportCommand,
  DomainRestoreRequestCommand,
  DomainTransferQueryCommand,
  DomainTransferRequestCommand,
  DomainUpdateCommand,
} from './types';
import { clientId, date, label, nonEmpty, requireExtension } from './values';

/** RFC 5731 domain commands, with Fury properties, secDNS-1.1, RFC 3915 restore and DRS5 scheduled delete. */

const d = (local: string) => `domain:${local}`;
const CONTACT_TYPES = ['admin', 'tech', 'billing'];

const nameElement = (name: string, attrs: Record<string, string | undefined> = {}) =>
  leaf(d('name'), label('name', name), attrs);

function nsElement(field: string, hosts: readonly string[]): XmlBuildElement {
  return el(
    d('ns'),
    {},
    nonEmpty(field, hosts).map((h, i) => leaf(d('hostObj'), label(`${field}[${i}]`, h))),
  );
}

function contactElement(field: string, contact: DomainContact): XmlBuildElement {
  if (!CONTACT_TYPES.includes(contact.type)) {
    throw new EncodeError('invalid-value', `${field}.type: must be admin, tech or billing`, `${field}.type`);
  }
  return leaf(d('contact'), clientId(`${field}.id`, contact.id), { type: contact.type });
}

function addRemElement(local: 'add' | 'rem', x: DomainAddRem | undefined): XmlBuildElement | undefined {
  if (!x) return undefined;
  return el(d(local), {}, [
    x.nameservers !== undefined &&
      x.nameservers.length > 0 &&
      nsElement(`${local}.nameservers`, x.nameservers),
    ...(x.contacts ?? []).map((ct, i) => contactElement(`${local}.contacts[${i}]`, ct)),
    ...(x.statuses ?? []).map((s, i) => statusElement('domain', `${local}.statuses[${i}]`, s)),
  ]);
}

export function encodeDomainCheck(cmd: DomainCheckCommand, ctx: EncodeContext): string {
  const names = nonEmpty('names', cmd.names);
  return commandFrame(
    ctx.clTRID,
    el('check', {}, [
      objectElement(
        'domain',
        'check',
        names.map((n, i) => leaf(d('name'), label(`names[${i}]`, n))),
      ),
    ]),
  );
}

export function encodeDomainInfo(cmd: DomainInfoCommand, ctx: EncodeContext): string {
  if (cmd.hosts !== undefined && !['all', 'del', 'sub', 'none'].includes(cmd.hosts)) {
    throw new EncodeError('invalid-value', 'hosts: must be all, del, sub or none', 'hosts');
  }
  return commandFrame(
    ctx.clTRID,
    el('info', {}, [
      objectElement('domain', 'info', [
        nameElement(cmd.name, { hosts: cmd.hosts }),
        cmd.authInfo !== undefined && authInfoElement('domain', 'authInfo', cmd.authInfo),
      ]),
    ]),
  );
}

/** RFC 5731 §3.2.1 domain:create (+ `fury:create` properties, + `secDNS:create`). */
export function encodeDomainCreate(cmd: DomainCreateCommand, ctx: EncodeContext): string {
  const properties = negotiatedProperties(ctx, cmd.properties, 'domain:create');
  const ds = cmd.secDNS?.dsData ?? [];
  if (ds.length > 0) requireExtension(ctx, NS.secDNS, 'domain:create with DS data');
  return commandFrame(
    ctx.clTRID,
    el('create', {}, [
      objectElement('domain', 'create', [
        nameElement(cmd.name),
        periodElement('domain', 'period', cmd.period),
        cmd.nameservers !== undefined &&
          cmd.nameservers.length > 0 &&
          nsElement('nameservers', cmd.nameservers),
        leaf(d('registrant'), clientId('registrant', cmd.registrant)),
        ...cmd.contacts.map((ct, i) => contactElement(`contacts[${i}]`, ct)),
        authInfoElement('domain', 'authInfo', cmd.authInfo),
      ]),
    ]),
    [ds.length > 0 ? secDnsCreate(ds) : undefined, furyCreate(properties)],
  );
}

/**
 * RFC 5731 §3.2.5 domain:update. Extensions: `secDNS:update`, `fury:update`, DRS5
 * `scheduledDelete:update` (the domain:update may then carry only the name, as SIDN documents).
 */
export function encodeDomainUpdate(cmd: DomainUpdateCommand, ctx: EncodeContext): string {
  const secDNS = cmd.secDNS ? secDnsUpdate(cmd.secDNS) : undefined;
  if (secDNS) requireExtension(ctx, NS.secDNS, 'domain:update of DS data');
  if (cmd.scheduledDelete)
    requireExtension(ctx, NS.sidnScheduledDelete, 'domain:update with a scheduled delete');
  const chg = cmd.chg;
  return commandFrame(
    ctx.clTRID,
    el('update', {}, [
      objectElement('domain', 'update', [
        nameElement(cmd.name),
        addRemElement('add', cmd.add),
        addRemElement('rem', cmd.rem),
        chg &&
          el(d('chg'), {}, [
            chg.registrant !== undefined && leaf(d('registrant'), clientId('chg.registrant', chg.registrant)),
            chg.authInfo !== undefined && authInfoElement('domain', 'chg.authInfo', chg.authInfo),
          ]),
      ]),
    ]),
    [
      secDNS,
      furyUpdate(ctx, cmd.properties, 'domain:update'),
      cmd.scheduledDelete && scheduledDeleteUpdate(cmd.scheduledDelete),
    ].map((x) => x || undefined),
  );
}

export function encodeDomainDelete(cmd: DomainDeleteCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('delete', {}, [objectElement('domain', 'delete', [nameElement(cmd.name)])]),
  );
}

export function encodeDomainRenew(cmd: DomainRenewCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('renew', {}, [
      objectElement('domain', 'renew', [
        nameElement(cmd.name),
        leaf(d('curExpDate'), date('curExpDate', cmd.curExpDate)),
        periodElement('domain', 'period', cmd.period),
      ]),
    ]),
  );
}

export function encodeDomainTransferQuery(cmd: DomainTransferQueryCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('transfer', { op: 'query' }, [
      objectElement('domain', 'transfer', [
        nameElement(cmd.name),
        cmd.authInfo !== undefined && authInfoElement('domain', 'authInfo', cmd.authInfo),
      ]),
    ]),
  );
}

export function encodeDomainTransferRequest(cmd: DomainTransferRequestCommand, ctx: EncodeContext): string {
  return commandFrame(
    ctx.clTRID,
    el('transfer', { op: 'request' }, [
      objectElement('domain', 'transfer', [
        nameElement(cmd.name),
        periodElement('domain', 'period', cmd.period),
        authInfoElement('domain', 'authInfo', cmd.authInfo),
      ]),
    ]),
  );
}

/**
 * RFC 3915 restore. The domain:update carries an empty `<domain:chg/>`, as in RFC 3915's own
 * examples and as CIRA's platform requires (Net-DRI PR #496 "fix restore ca domains").
 */
function restoreFrame(name: string, ctx: EncodeContext, rgp: XmlBuildElement): string {
  requireExtension(ctx, NS.rgp, 'domain restore (RFC 3915)');
  return commandFrame(
    ctx.clTRID,
    el('update', {}, [objectElement('domain', 'update', [nameElement(name), el(d('chg'))])]),
    [rgp],
  );
}

/** RFC 3915 §4.2.5 restore request: brings a domain out of redemption (Hello Registry quarantine). */
export function encodeDomainRestoreRequest(cmd: DomainRestoreRequestCommand, ctx: EncodeContext): string {
  return restoreFrame(cmd.name, ctx, rgpRestoreRequest());
}

/** RFC 3915 §4.2.5 restore report, for registries that require one after the request. */
export function encodeDomainRestoreReport(cmd: DomainRestoreReportCommand, ctx: EncodeContext): string {
  return restoreFrame(cmd.name, ctx, rgpRestoreReport(cmd.report));
}
