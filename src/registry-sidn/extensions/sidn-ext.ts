import { clTRID as checkClTRID, label, line } from '../../epp/codec/commands/values';
import type { DomainCancelDeleteCommand } from '../../epp/codec/commands/types';
import { periodElement } from '../../epp/codec/commands/frame';
import { NS } from '../../epp/codec/namespaces';
import { el, leaf, type XmlBuildElement } from '../../epp/codec/xml';

/**
 * SIDN's own DRS5 extension `sidn-ext-epp-1.0`: the contact legal form (+ KvK number) on contact
 * create/update, and the extension-only `domainCancelDelete` (undo a delete during quarantine).
 * The prefix is `sidn-ext-epp`, as in SIDN's manual and the nfg.sidnepp frames.
 */
const PREFIX = 'sidn-ext-epp';
const XMLNS = { [`xmlns:${PREFIX}`]: NS.sidn };
const sidn = (local: string) => `${PREFIX}:${local}`;

export interface SidnLegalForm {
  readonly legalForm?: string;
  readonly legalFormRegNo?: string;
}

/** `sidn-ext-epp:ext/create|update/contact`; undefined when neither value is given. */
export function sidnContactExt(op: 'create' | 'update', v: SidnLegalForm): XmlBuildElement | undefined {
  if (v.legalForm === undefined && v.legalFormRegNo === undefined) return undefined;
  return el(sidn('ext'), XMLNS, [
    el(sidn(op), {}, [
      el(sidn('contact'), {}, [
        v.legalForm !== undefined && leaf(sidn('legalForm'), line('legalForm', v.legalForm)),
        v.legalFormRegNo !== undefined &&
          leaf(sidn('legalFormRegNo'), line('legalFormRegNo', v.legalFormRegNo)),
      ]),
    ]),
  ]);
}

/** DRS5 manual §6.5.6: `sidn-ext-epp:command/domainCancelDelete` with the clTRID inside the extension. */
export function sidnDomainCancelDelete(cmd: DomainCancelDeleteCommand, clTRID: string): XmlBuildElement {
  return el(sidn('command'), XMLNS, [
    el(sidn('domainCancelDelete'), {}, [
      leaf(sidn('name'), label('name', cmd.name)),
      periodElement(PREFIX, 'period', cmd.period),
    ]),
    leaf(sidn('clTRID'), checkClTRID(clTRID)),
  ]);
}
