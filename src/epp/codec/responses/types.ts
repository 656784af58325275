/**
 * Typed shape of a decoded EPP response (RFC 5730 §2.6) with the object mappings of RFC 5731-5733,
 * the Fury (Hello Registry) and SIDN DRS5 extensions. Decoding is lenient: what the decoder did not
 * understand is listed in `unhandled` rather than thrown.
 */

export interface EppExtValue {
  /** The `<value>` element's content: its text, or its child elements serialised. */
  readonly value: string;
  readonly reason: string;
  readonly reasonLang?: string;
  /** Fury's secondary error code (`fury:ciraCode`, also seen without prefix), trimmed. */
  readonly ciraCode?: string;
}

export interface EppResult {
  readonly code: number;
  readonly message: string;
  readonly lang?: string;
  /** Each `<value>`: its text, or its child elements serialised (e.g. `<obj:elem1>2525</obj:elem1>`). */
  readonly values: string[];
  readonly extValues: EppExtValue[];
}

export interface MsgQ {
  readonly count: number;
  readonly id: string;
  readonly qDate?: string;
  readonly msg?: string;
  readonly lang?: string;
}

export interface TrID {
  readonly clTRID?: string;
  readonly svTRID?: string;
}

/** One `sidn-ext-epp:response/msg` (DRS5): letter-prefixed code (C/F/T), field, text (often Dutch). */
export interface SidnMessage {
  readonly code: string;
  readonly field?: string;
  readonly text: string;
}

export interface ObjectStatus {
  readonly s: string;
  readonly text?: string;
  readonly lang?: string;
}

export interface ResponseAuthInfo {
  readonly pw?: string;
  readonly roid?: string;
}

// ---- domain (RFC 5731) ----------------------------------------------------------------------

export interface DomainCheckData {
  readonly type: 'domain:chkData';
  readonly items: { name: string; available: boolean; reason?: string }[];
}

export interface DomainHostAttr {
  readonly name: string;
  readonly addresses: { ip: 'v4' | 'v6'; address: string }[];
}

export interface DomainInfoData {
  readonly type: 'domain:infData';
  readonly name: string;
  readonly roid: string;
  readonly statuses: ObjectStatus[];
  readonly registrant?: string;
  readonly contacts: { type: string; id: string }[];
  /** `ns/hostObj` names (host-object model, as .nl uses). */
  readonly nameservers: string[];
  /** `ns/hostAttr` entries (host-attribute model), when a registry uses it. */
  readonly nameserverAttrs: DomainHostAttr[];
  /** Subordinate hosts (`domain:host`). */
  readonly hosts: string[];
  readonly clID: string;
  readonly crID?: string;
  readonly crDate?: string;
  readonly upID?: string;
  readonly upDate?: string;
  readonly exDate?: string;
  readonly trDate?: string;
  /** The transfer token. A secret: never log it. */
  readonly authInfo?: ResponseAuthInfo;
}

export interface DomainCreateData {
  readonly type: 'domain:creData';
  readonly name: string;
  readonly crDate: string;
  readonly exDate?: string;
}

export interface DomainRenewData {
  readonly type: 'domain:renData';
  readonly name: string;
  readonly exDate?: string;
}

export interface TransferFields {
  readonly trStatus: string;
  readonly reID: string;
  readonly reDate: string;
  readonly acID: string;
  readonly acDate: string;
}

export interface DomainTransferData extends TransferFields {
  readonly type: 'domain:trnData';
  readonly name: string;
  readonly exDate?: string;
}

export interface PendingActionFields {
  /** `paResult`: true when the pending action was approved / completed. */
  readonly paResult: boolean;
  readonly paTRID: TrID;
  readonly paDate: string;
}

export interface DomainPendingActionData extends PendingActionFields {
  readonly type: 'domain:panData';
  readonly name: string;
}

// ---- contact (RFC 5733) ---------------------------------------------------------------------

export interface ContactCheckData {
  readonly type: 'contact:chkData';
  readonly items: { id: string; available: boolean; reason?: string }[];
}

export interface ContactPostalInfo {
  readonly type: string;
  readonly name?: string;
  readonly org?: string;
  readonly addr: { street: string[]; city?: string; sp?: string; pc?: string; cc?: string };
}

export interface ContactDisclose {
  /** `flag`: true = disclose the listed fields, false = do not. */
  readonly flag: boolean;
  /** Listed elements, with the postal type for name/org/addr: `voice`, `email`, `name:int`, `addr:loc`... */
  readonly fields: string[];
}

export interface ContactInfoData {
  readonly type: 'contact:infData';
  readonly id: string;
  readonly roid: string;
  readonly statuses: ObjectStatus[];
  readonly postalInfo: ContactPostalInfo[];
  readonly voice?: string;
  readonly voiceExt?: string;
  readonly fax?: string;
  readonly faxExt?: string;
  readonly email?: string;
  readonly clID: string;
  readonly crID?: string;
  readonly crDate?: string;
  readonly upID?: string;
  readonly upDate?: string;
  readonly trDate?: string;
  readonly authInfo?: ResponseAuthInfo;
  readonly disclose?: ContactDisclose;
}

export interface ContactCreateData {
  readonly type: 'contact:creData';
  readonly id: string;
  readonly crDate: string;
}

export interface ContactTransferData extends TransferFields {
  readonly type: 'contact:trnData';
  readonly id: string;
}

export interface ContactPendingActionData extends PendingActionFields {
  readonly type: 'contact:panData';
  readonly id: string;
}

// ---- host (RFC 5732) ------------------------------------------------------------------------

export interface HostCheckData {
  readonly type: 'host:chkData';
  readonly items: { name: string; available: boolean; reason?: string }[];
}

export interface HostInfoData {
  readonly type: 'host:infData';
  readonly name: string;
  readonly roid: string;
  readonly statuses: ObjectStatus[];
  readonly addresses: { ip: 'v4' | 'v6'; address: string }[];
  readonly clID: string;
  readonly crID?: string;
  readonly crDate?: string;
  readonly upID?: string;
  readonly upDate?: string;
  readonly trDate?: string;
}

export interface HostCreateData {
  readonly type: 'host:creData';
  readonly name: string;
  readonly crDate: string;
}

export interface HostPendingActionData extends PendingActionFields {
  readonly type: 'host:panData';
  readonly name: string;
}

// ---- SIDN DRS5 ------------------------------------------------------------------------------

/** DRS5 poll payload: the command that was processed and its original result, decoded recursively. */
export interface SidnPollData {
  readonly type: 'sidn:pollData';
  readonly command: string;
  readonly data: EppResponse;
}

/** DRS5 poll 1103: contacts the registry deleted (sidn-ext-epp-registry-contacts-delete-1.0). */
export interface RegistryContactsDeleteData {
  readonly type: 'registryContactsDelete';
  readonly ids: string[];
}

// ---- Fury (Hello Registry) ------------------------------------------------------------------

export interface FuryAttribute {
  readonly key: string;
  readonly values: string[];
}

export interface FuryPropertyValueDefinition {
  readonly value: string;
  readonly localizedValue?: string;
  readonly localizedDetail?: string;
  readonly isDefault?: boolean;
  /** `propertyValueAttributes` by key (first value), e.g. `{ enabled: 'true', expiry_date: '...' }`. */
  readonly attributes: Record<string, string>;
}

export interface FuryPropertyDefinition {
  readonly key: string;
  readonly localizedKey?: string;
  readonly values: FuryPropertyValueDefinition[];
  /** `propertyAttributes` by key (first value); the well-known ones are named. */
  readonly attributes: {
    entitytype?: string;
    propertytype?: string;
    removable?: string;
    updatable?: string;
    [key: string]: string | undefined;
  };
}

/** `fury:response/fury:infData`: the registry's property definitions (extension-only query). */
export interface FuryPropertyDefinitions {
  readonly type: 'fury:infData';
  readonly language?: string;
  readonly properties: FuryPropertyDefinition[];
}

/** `fury:response/fury:chkData`: the registry's verdict on candidate property values. */
export interface FuryPropertyCheckData {
  readonly type: 'fury:chkData';
  readonly properties: { key: string; values: { value: string; result: string; reason?: string }[] }[];
}

export type ResData =
  | DomainCheckData
  | DomainInfoData
  | DomainCreateData
  | DomainRenewData
  | DomainTransferData
  | DomainPendingActionData
  | ContactCheckData
  | ContactInfoData
  | ContactCreateData
  | ContactTransferData
  | ContactPendingActionData
  | HostCheckData
  | HostInfoData
  | HostCreateData
  | HostPendingActionData
  | SidnPollData
  | RegistryContactsDeleteData
  | FuryPropertyDefinitions
  | FuryPropertyCheckData;

export type ResDataType = ResData['type'];

// ---- response extensions --------------------------------------------------------------------

export interface FuryInfoProperty {
  readonly key: string;
  readonly values: string[];
}

export interface SecDnsDsData {
  readonly keyTag: number;
  readonly alg: number;
  readonly digestType: number;
  readonly digest: string;
  readonly keyData?: SecDnsKeyData;
}

export interface SecDnsKeyData {
  readonly flags: number;
  readonly protocol: number;
  readonly alg: number;
  readonly pubKey: string;
}

export interface ResponseExtensions {
  /** `fury:info` on an object info response. */
  fury?: { properties: FuryInfoProperty[]; bundle?: { name: string; domains: string[] } };
  /** RFC 3915 `rgp:infData` / `rgp:upData`. */
  rgp?: { statuses: string[] };
  /** `fury-rgp:rgpInfo`: when the RGP status (e.g. redemption = .nl quarantine) ends. */
  furyRgp?: { rgpStatusEnd?: string };
  /** RFC 5910 `secDNS:infData`. */
  secDNS?: { maxSigLife?: number; dsData: SecDnsDsData[]; keyData: SecDnsKeyData[] };
  /** Fury/CIRA `idn:data` on a domain info. */
  idn?: { table?: string; uname?: string };
  /** DRS5 `sidn-ext-epp:ext/infData/domain`. `scheduledDeleteDate` null = explicitly nil. */
  sidnDomain?: {
    optOut?: boolean;
    limited?: boolean;
    period?: { value: number; unit?: string };
    scheduledDeleteDate?: string | null;
  };
  /** DRS5 `sidn-ext-epp:ext/infData/contact`. */
  sidnContact?: { legalForm?: string; legalFormRegNo?: string; limited?: boolean };
  /** DRS5 `sidn-ext-epp:ext/infData/host`. */
  sidnHost?: { limited?: boolean };
  /** DRS5 `sidn-ext-epp:ext/trnData` (new token after a transfer, token reminder/supply). */
  sidnTransfer?: {
    pw?: string;
    domainname?: string;
    requestor?: string;
    requestDate?: string;
    supplyDate?: string;
  };
}

export interface EppResponse {
  readonly results: EppResult[];
  readonly msgQ: MsgQ | null;
  readonly trID: TrID;
  /** The first understood `resData` child (or a Fury extension-only response payload). */
  readonly resData?: ResData;
  /** Further understood `resData` children, when a server sends more than one (rare). */
  readonly moreResData?: ResData[];
  readonly extensions: ResponseExtensions;
  /** DRS5 `sidn-ext-epp:ext/response` messages; null when the response carries none. */
  readonly sidn: { messages: SidnMessage[] } | null;
  /** Paths (qualified names as written) of elements the decoder did not understand. */
  readonly unhandled: string[];
}
