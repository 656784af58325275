import { furyCheckCommand, furyInfoCommand } from '../../../registry-sidn/extensions/fury';
import { sidnDomainCancelDelete } from '../../../registry-sidn/extensions/sidn-ext';
import { extensionOnlyFrame } from './frame';
import type { DomainCancelDeleteCommand, FuryPropertyCheckQuery, FuryPropertyInfoQuery } from './types';

/**
 * Extension-only frames: `<epp><extension>…</extension></epp>` with no `<command>`.
 * Fury's `fury:command` has no place for a clTRID (fury-2.1.xsd), so the `clTRID` argument is
 * accepted for the session's bookkeeping only and is not written; the response then carries
 * no clTRID either, and the session must match it by order (one command at a time).
 */
export function encodeFuryPropertyInfo(q: FuryPropertyInfoQuery = {}, _clTRID?: string): string {
  return extensionOnlyFrame(furyInfoCommand(q));
}

export function encodeFuryPropertyCheck(q: FuryPropertyCheckQuery, _clTRID?: string): string {
  return extensionOnlyFrame(furyCheckCommand(q));
}

/** DRS5 `sidn-ext-epp:command/domainCancelDelete` (undo a delete in quarantine); clTRID inside the extension. */
export function encodeDomainCancelDelete(cmd: DomainCancelDeleteCommand, clTRID: string): string {
  return extensionOnlyFrame(sidnDomainCancelDelete(cmd, clTRID));
}
