import type { EppResponse } from '../../epp/codec/responses/types';

/**
 * What a registry poll message means for the deletion chain. Pure. Hello Registry sends plain
 * RFC 5730 messages whose catalogue is not public (SIDN-PROFILE.md GAP 7): structured payloads
 * (`domain:trnData`, DRS5 `pollData`, `registryContactsDeleteData`) decide first, then the notice
 * text as the sandbox and DRS5 word it. Anything else is `other`: stored, acknowledged, not acted on.
 */
export type PollMessageKind =
  'domain-purged' | 'domain-transferred-away' | 'delete-rejected' | 'contacts-purged' | 'other';

export interface ClassifiedPollMessage {
  kind: PollMessageKind;
  objectType?: 'domain' | 'contact';
  objectNames: string[];
  /** For DRS5 pollData: the result code of the original command. */
  resultCode?: number;
}

const DOMAIN = /\b((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+nl)\b/i;

export function classifyPollMessage(
  response: EppResponse,
  msg: string | undefined,
  registrarId: string,
): ClassifiedPollMessage {
  const data = response.resData;
  const text = msg ?? '';
  const domainInText = DOMAIN.exec(text)?.[1]?.toLowerCase();

  if (data?.type === 'registryContactsDelete') {
    return { kind: 'contacts-purged', objectType: 'contact', objectNames: [...data.ids] };
  }
  if (data?.type === 'sidn:pollData') {
    const code = data.data.results[0]?.code;
    if (data.command === 'domain:delete' && code !== undefined && code >= 2000 && domainInText) {
      return { kind: 'delete-rejected', objectType: 'domain', objectNames: [domainInText], resultCode: code };
    }
    const inner = data.data.resData;
    if (
      data.command.startsWith('domain:transfer') &&
      inner?.type === 'domain:trnData' &&
      inner.acID === registrarId
    ) {
      return {
        kind: 'domain-transferred-away',
        objectType: 'domain',
        objectNames: [inner.name.toLowerCase()],
        resultCode: code,
      };
    }
    return { kind: 'other', objectNames: domainInText ? [domainInText] : [], resultCode: code };
  }
  if (data?.type === 'domain:trnData') {
    const approved = data.trStatus === 'serverApproved' || data.trStatus === 'clientApproved';
    if (approved && data.acID === registrarId && data.reID !== registrarId) {
      return {
        kind: 'domain-transferred-away',
        objectType: 'domain',
        objectNames: [data.name.toLowerCase()],
      };
    }
    return { kind: 'other', objectType: 'domain', objectNames: [data.name.toLowerCase()] };
  }
  if (domainInText) {
    if (/\bpurged\b/i.test(text))
      return { kind: 'domain-purged', objectType: 'domain', objectNames: [domainInText] };
    if (/transferred away/i.test(text))
      return { kind: 'domain-transferred-away', objectType: 'domain', objectNames: [domainInText] };
    if (/\bdelete\b.*\brejected\b/i.test(text))
      return { kind: 'delete-rejected', objectType: 'domain', objectNames: [domainInText] };
  }
  return { kind: 'other', objectNames: domainInText ? [domainInText] : [] };
}
