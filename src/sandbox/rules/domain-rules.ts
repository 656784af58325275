import { fault } from '../sandbox-error';

/**
 * .nl domain name rules (DRS5 manual §2.2, unchanged .nl policy): labels of a-z, 0-9 and hyphen,
 * 2-63 characters, no hyphen at either end, one label under .nl, no IDN (xn--) labels.
 */
export const NL_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])$/;

/** Why a name cannot be registered under .nl, or undefined. Returns [code, ciraCode name, reason]. */
export function domainNameProblem(
  name: string,
):
  | { code: number; cira: 'DomainNotNl' | 'DomainNameSyntax' | 'DomainIdnNotAllowed'; reason: string }
  | undefined {
  const lower = name.toLowerCase();
  if (!lower.endsWith('.nl'))
    return { code: 2306, cira: 'DomainNotNl', reason: 'Only .nl domain names are served' };
  const label = lower.slice(0, -3);
  if (label.includes('.'))
    return { code: 2306, cira: 'DomainNameSyntax', reason: 'Only second-level .nl names can be registered' };
  if (/^xn--/.test(label) || /[^ -~]/.test(label)) {
    return { code: 2306, cira: 'DomainIdnNotAllowed', reason: 'IDN labels are not allowed under .nl' };
  }
  if (label.length < 2 || label.length > 63) {
    return { code: 2005, cira: 'DomainNameSyntax', reason: 'A .nl label has 2 to 63 characters' };
  }
  if (label.startsWith('-') || label.endsWith('-')) {
    return { code: 2005, cira: 'DomainNameSyntax', reason: 'A .nl label cannot start or end with a hyphen' };
  }
  if (!NL_LABEL.test(label))
    return { code: 2005, cira: 'DomainNameSyntax', reason: 'A .nl label has only a-z, 0-9 and hyphens' };
  return undefined;
}

export function checkDomainName(name: string): void {
  const p = domainNameProblem(name);
  if (p) throw fault(p.code, p.cira, p.reason);
}

/** RFC 1123 host name, lower-case, at least two labels. */
export const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function checkHostName(name: string): void {
  if (!HOST_NAME.test(name)) throw fault(2005, 'HostNameSyntax', 'Not a valid host name');
}

/** The .nl domain a host name is subordinate to (in-bailiwick), or undefined for an external host. */
export function superordinateDomain(host: string): string | undefined {
  if (!host.endsWith('.nl')) return undefined;
  const labels = host.split('.');
  if (labels.length < 3) return undefined;
  return labels.slice(-2).join('.');
}

/** Adds a period to a date (months or years), as RFC 5731 periods do. */
export function addPeriod(from: Date, period: { value: number; unit: 'y' | 'm' }): Date {
  const d = new Date(from.getTime());
  const months = period.unit === 'y' ? period.value * 12 : period.value;
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
