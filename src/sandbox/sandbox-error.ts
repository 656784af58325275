/**
 * Errors the sandbox answers with: an EPP result code plus, as CIRA Fury reports them, a secondary
 * `ciraCode` and a `reason` text (`<extValue><value><fury:ciraCode>…`). Only three ciraCodes are seen in
 * public Fury material (8010, 6010, 8473); every other number below is assigned by the sandbox, in the
 * Fury range 3000-9999, and listed in docs/sandbox.md. Tests and clients match on the result code and
 * the ciraCode constant, never on the reason text.
 */
export const CiraCode = {
  // session / protocol (sandbox-assigned)
  SchemaInvalid: 3001,
  CommandUseError: 3002,
  NotLoggedIn: 3003,
  AlreadyLoggedIn: 3004,
  AuthenticationFailed: 3010,
  ServiceNotOffered: 3011,
  LanguageNotOffered: 3012,
  SessionLimitExceeded: 3013,
  ExtensionNotSelected: 3014,
  UnimplementedCommand: 3015,
  InjectedFailure: 3099,
  PollMessageMissing: 3020,
  // authorisation (sandbox-assigned)
  NotSponsoringRegistrar: 4001,
  InvalidAuthInfo: 4002,
  // contact (sandbox-assigned)
  ContactIdSyntax: 5001,
  ContactExists: 5002,
  ContactDoesNotExist: 5003,
  ContactLinked: 5004,
  PostalInfoCount: 5010,
  StreetCount: 5011,
  PostalCodeMissing: 5012,
  PostalCodeSyntax: 5013,
  VoiceMissing: 5014,
  PhoneSyntax: 5015,
  DutchPhoneLength: 5016,
  EmailSyntax: 5017,
  CountryCodeSyntax: 5018,
  NameMissing: 5019,
  CityMissing: 5020,
  RegistrantIdentityFrozen: 5021,
  // properties (sandbox-assigned)
  PropertyUnknown: 5101,
  PropertyMandatory: 5102,
  PropertyValueNotAllowed: 5103,
  PropertyNotUpdatable: 5104,
  PropertyNotRemovable: 5105,
  PropertySingleValued: 5106,
  PropertyWrongEntity: 5107,
  // host (6010 seen on CIRA's platform, .nz; the rest sandbox-assigned)
  HostDoesNotExist: 6010,
  HostExists: 6002,
  HostNameSyntax: 6003,
  HostSuperordinateMissing: 6004,
  HostAddressRequired: 6005,
  HostAddressNotAllowed: 6006,
  HostLinked: 6007,
  HostRenameUnsupported: 6008,
  HostTooManyAddresses: 6009,
  // domain (8010 seen on Fury via metaregistrar; the rest sandbox-assigned)
  DomainDoesNotExist: 8010,
  DomainExists: 8002,
  DomainNameSyntax: 8003,
  DomainNotNl: 8004,
  DomainIdnNotAllowed: 8005,
  RegistrantMissing: 8011,
  AdminCount: 8012,
  TechMissing: 8013,
  ContactTypeNotAllowed: 8014,
  ContactNotOwned: 8015,
  ReferencedContactMissing: 8016,
  HostAttrNotAllowed: 8020,
  TooManyNameservers: 8021,
  ReferencedHostMissing: 8022,
  PeriodNotAllowed: 8030,
  CurExpDateMismatch: 8031,
  StatusProhibits: 8040,
  InRedemption: 8041,
  NotInRedemption: 8042,
  RestoreReportRequired: 8043,
  SubordinateHostsInUse: 8044,
  RestoreChgNotEmpty: 8045,
  TransferToSelf: 8050,
  NoTransfer: 8051,
  ClientStatusNotAllowed: 8060,
} as const;

export type CiraCodeName = keyof typeof CiraCode;

export class EppFault extends Error {
  override readonly name = 'EppFault';
  constructor(
    readonly code: number,
    readonly ciraCode: number,
    readonly reason: string,
  ) {
    super(`${code} (${ciraCode}): ${reason}`);
  }
}

export function fault(code: number, cira: CiraCodeName, reason: string): EppFault {
  return new EppFault(code, CiraCode[cira], reason);
}
