/**
 * The commands the encoders accept. They describe what the registry should receive, already
 * minimised and normalised by the caller (the encoders never add data of their own).
 */

export type PeriodUnit = 'y' | 'm';
/** RFC 5731 §2.3: 1-99 years or months. */
export interface Period {
  readonly value: number;
  readonly unit: PeriodUnit;
}

/** authInfo as a plain password, or with the `roid` of the object it belongs to (RFC 5731 §3.1.3). */
export type AuthInfo = string | { readonly pw: string; readonly roid?: string };

/** A status to add or remove: the status value alone, or with a human-readable reason (RFC 5731 §2.3). */
export type StatusInput = string | { readonly s: string; readonly lang?: string; readonly reason?: string };

/**
 * A Fury (`fury-2.1`) property. `isDefault` sends `default="true"` (the registry default value;
 * the value may then be empty). `optional` marks a property the caller can do without: when the
 * server did not negotiate fury-2.1 it is left out instead of failing the command.
 */
export interface FuryProperty {
  readonly key: string;
  readonly value: string;
  readonly isDefault?: boolean;
  readonly optional?: boolean;
}

/** Property changes on update: add/rem carry values; `remAll` lists keys whose values all go. */
export interface FuryPropertyChanges {
  readonly add?: readonly FuryProperty[];
  readonly rem?: readonly FuryProperty[];
  readonly remAll?: readonly string[];
}

// ---- session ---------------------------------------------------------------------------------

export interface LoginCommand {
  readonly clientId: string;
  readonly password: string;
  readonly newPassword?: string;
  readonly version?: '1.0';
  readonly lang?: string;
  /** Object URIs to use in this session: the ones the greeting offers that we support. */
  readonly objURIs: readonly string[];
  /** Extension URIs to use: the ones the greeting offers that we support. */
  readonly extURIs: readonly string[];
}

// ---- contact (RFC 5733) ----------------------------------------------------------------------

export type PostalInfoType = 'loc' | 'int';

export interface Address {
  /** 1 to 3 street lines. */
  readonly street: readonly string[];
  readonly city: string;
  readonly sp?: string;
  readonly pc?: string;
  readonly cc: string;
}

export interface PostalInfo {
  readonly type: PostalInfoType;
  readonly name: string;
  readonly org?: string;
  readonly addr: Address;
}

/** E.164 number in EPP form `+CC.NUMBER`, with an optional extension (`x` attribute). */
export interface Phone {
  readonly number: string;
  readonly ext?: string;
}

export type DiscloseField = 'name' | 'org' | 'addr' | 'voice' | 'fax' | 'email';

/**
 * RFC 5733 §2.9 disclosure preference. `name`, `org` and `addr` are per postal-info type: `type`
 * names it (defaults to the command's postalInfo type).
 */
export interface Disclose {
  readonly flag: boolean;
  readonly fields: readonly DiscloseField[];
  readonly type?: PostalInfoType;
}

export interface ContactCreateCommand {
  readonly id: string;
  readonly postalInfo: PostalInfo;
  readonly voice?: Phone;
  readonly fax?: Phone;
  readonly email: string;
  readonly authInfo: string;
  readonly disclose?: Disclose;
  /** Hello Registry (fury-2.1) properties. */
  readonly properties?: readonly FuryProperty[];
  /** DRS5 (sidn-ext-epp-1.0) legal form, e.g. `BV`, `PERSOON`. */
  readonly legalForm?: string;
  /** DRS5 (sidn-ext-epp-1.0) registration number (KvK). */
  readonly legalFormRegNo?: string;
}

/** Postal info change: send only what changes; `addr` always whole; `org: null` clears it. */
export interface PostalInfoChange {
  readonly type: PostalInfoType;
  readonly name?: string;
  readonly org?: string | null;
  readonly addr?: Address;
}

export interface ContactUpdateCommand {
  readonly id: string;
  readonly add?: { readonly statuses: readonly StatusInput[] };
  readonly rem?: { readonly statuses: readonly StatusInput[] };
  readonly chg?: {
    readonly postalInfo?: PostalInfoChange;
    /** `null` clears the number (RFC 5733 allows an empty element). */
    readonly voice?: Phone | null;
    readonly fax?: Phone | null;
    readonly email?: string;
    readonly authInfo?: string;
    readonly disclose?: Disclose;
  };
  readonly properties?: FuryPropertyChanges;
  readonly legalForm?: string;
  readonly legalFormRegNo?: string;
}

export interface ContactCheckCommand {
  readonly ids: readonly string[];
}
export interface ContactInfoCommand {
  readonly id: string;
  readonly authInfo?: string;
}
export interface ContactDeleteCommand {
  readonly id: string;
}

// ---- domain (RFC 5731) -----------------------------------------------------------------------

export type DomainContactType = 'admin' | 'tech' | 'billing';
export interface DomainContact {
  readonly type: DomainContactType;
  readonly id: string;
}

/** RFC 5910 DS data. `digest` is hexadecimal. */
export interface DsData {
  readonly keyTag: number;
  readonly alg: number;
  readonly digestType: number;
  readonly digest: string;
}

export interface DomainCheckCommand {
  readonly names: readonly string[];
}
export interface DomainInfoCommand {
  readonly name: string;
  readonly hosts?: 'all' | 'del' | 'sub' | 'none';
  readonly authInfo?: AuthInfo;
}

export interface DomainCreateCommand {
  readonly name: string;
  readonly period?: Period;
  /** Host objects (`hostObj`); .nl takes no `hostAttr`. */
  readonly nameservers?: readonly string[];
  readonly registrant: string;
  readonly contacts: readonly DomainContact[];
  readonly authInfo: string;
  readonly properties?: readonly FuryProperty[];
  readonly secDNS?: { readonly dsData: readonly DsData[] };
}

export interface DomainAddRem {
  readonly nameservers?: readonly string[];
  readonly contacts?: readonly DomainContact[];
  readonly statuses?: readonly StatusInput[];
}

/** DRS5 scheduled delete (`sidn-ext-epp-scheduled-delete-1.0`) on domain:update. */
export type ScheduledDelete =
  | { readonly operation: 'setDate'; readonly date: string }
  | { readonly operation: 'setDateToEndOfSubscriptionPeriod' }
  | { readonly operation: 'cancel' };

export interface DomainUpdateCommand {
  readonly name: string;
  readonly add?: DomainAddRem;
  readonly rem?: DomainAddRem;
  readonly chg?: { readonly registrant?: string; readonly authInfo?: string };
  readonly properties?: FuryPropertyChanges;
  readonly secDNS?: {
    readonly add?: { readonly dsData: readonly DsData[] };
    readonly rem?: { readonly dsData: readonly DsData[] } | { readonly all: true };
  };
  readonly scheduledDelete?: ScheduledDelete;
}

export interface DomainDeleteCommand {
  readonly name: string;
}
export interface DomainRenewCommand {
  readonly name: string;
  /** `YYYY-MM-DD` */
  readonly curExpDate: string;
  readonly period?: Period;
}
export interface DomainTransferQueryCommand {
  readonly name: string;
  readonly authInfo?: AuthInfo;
}
export interface DomainTransferRequestCommand {
  readonly name: string;
  readonly authInfo: AuthInfo;
  readonly period?: Period;
}
export interface DomainRestoreRequestCommand {
  readonly name: string;
}
/** RFC 3915 §4.2.5 restore report. Times are `xs:dateTime` strings. */
export interface RestoreReport {
  readonly preData: string;
  readonly postData: string;
  readonly delTime: string;
  readonly resTime: string;
  readonly resReason: string;
  readonly statements: readonly [string, string];
  readonly other?: string;
}
export interface DomainRestoreReportCommand {
  readonly name: string;
  readonly report: RestoreReport;
}

// ---- host (RFC 5732) -------------------------------------------------------------------------

export interface HostAddress {
  readonly ip: 'v4' | 'v6';
  readonly address: string;
}
export interface HostCheckCommand {
  readonly names: readonly string[];
}
export interface HostInfoCommand {
  readonly name: string;
}
export interface HostCreateCommand {
  readonly name: string;
  readonly addrs?: readonly HostAddress[];
}
export interface HostAddRem {
  readonly addrs?: readonly HostAddress[];
  readonly statuses?: readonly StatusInput[];
}
export interface HostUpdateCommand {
  readonly name: string;
  readonly add?: HostAddRem;
  readonly rem?: HostAddRem;
  /** New host name (rename). */
  readonly chg?: { readonly name: string };
}
export interface HostDeleteCommand {
  readonly name: string;
}

// ---- extension-only frames -------------------------------------------------------------------

/** Fury property-definition query: all definitions, or the listed keys (optionally with values). */
export interface FuryPropertyInfoQuery {
  readonly language?: string;
  readonly keys?: readonly (string | FuryProperty)[];
}
/** Fury property value check: candidate values per key. */
export interface FuryPropertyCheckQuery {
  readonly properties: readonly { readonly key: string; readonly values: readonly string[] }[];
}
/** DRS5 `sidn-ext-epp:domainCancelDelete`: undo a delete during quarantine. */
export interface DomainCancelDeleteCommand {
  readonly name: string;
  readonly period?: Period;
}
