import { NS } from '../../epp/codec/namespaces';
import { EppErrorCode, errorCodeForResultCode } from '../../epp/codec/errors';
import { EppResponse, EppResult } from '../../epp/codec/responses/types';
import { RegistryProfile } from './registry-profile';

/**
 * Fury's secondary codes (`extValue/value/fury:ciraCode`, 3000-9999) whose meaning is known from
 * public frames. The .nl list itself is not public (SIDN-PROFILE.md GAP 8): an unknown ciraCode
 * falls back to the RFC meaning of the result code, and the ciraCode and reason are kept.
 */
export const FURY_CIRA_CODES: Readonly<Record<string, { error: EppErrorCode; source: string }>> = {
  // metaregistrar furyEppException doc comment: 2303 + 8010 "Domain name does not exist".
  '8010': { error: EppErrorCode.ObjectDoesNotExist, source: 'metaregistrar/php-epp-client furyEppException' },
  // InternetNZ pyepp docs (.nz on CIRA's platform): 2303 + 6010 "Host does not exist".
  '6010': { error: EppErrorCode.ObjectDoesNotExist, source: 'InternetNZ/pyepp docs/cli.rst' },
  // CentralNic SDK test: "Authorization failed [fury:ciracode => 8473: Authorization password has expired.]"
  '8473': {
    error: EppErrorCode.InvalidAuthorizationInfo,
    source: 'centralnic rtldev-middleware-php-sdk test',
  },
};

function ciraCodeOf(result: EppResult): string | undefined {
  return result.extValues.find((x) => x.ciraCode !== undefined)?.ciraCode?.replace(/^fury:/, '');
}

/** Hello Registry (CIRA Fury): the current .nl platform and Handoff's default profile. */
export const helloProfile: RegistryProfile = {
  name: 'hello',
  services: {
    objURIs: [NS.contact, NS.domain, NS.host],
    extURIs: [NS.fury, NS.furyRgp, NS.rgp, NS.secDNS],
  },
  mapRegistryError(result: EppResult, _response: EppResponse): EppErrorCode {
    const cira = ciraCodeOf(result);
    const known = cira !== undefined ? FURY_CIRA_CODES[cira] : undefined;
    return known?.error ?? errorCodeForResultCode(result.code);
  },
  describe(result: EppResult): { registryCode?: string; reason: string } {
    const withCode = result.extValues.find((x) => x.ciraCode !== undefined);
    const reason = (withCode ?? result.extValues.find((x) => x.reason))?.reason || result.message;
    const registryCode = ciraCodeOf(result);
    return registryCode !== undefined ? { registryCode, reason } : { reason };
  },
};
