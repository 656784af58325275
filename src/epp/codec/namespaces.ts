/** Namespace URIs of every object and extension Handoff speaks (RFC 5730-5733, 3915, 5910, Fury, SIDN). */
export const NS = {
  epp: 'urn:ietf:params:xml:ns:epp-1.0',
  eppcom: 'urn:ietf:params:xml:ns:eppcom-1.0',
  domain: 'urn:ietf:params:xml:ns:domain-1.0',
  contact: 'urn:ietf:params:xml:ns:contact-1.0',
  host: 'urn:ietf:params:xml:ns:host-1.0',
  secDNS: 'urn:ietf:params:xml:ns:secDNS-1.1',
  rgp: 'urn:ietf:params:xml:ns:rgp-1.0',
  keyrelay: 'urn:ietf:params:xml:ns:keyrelay-1.0',
  fury: 'urn:ietf:params:xml:ns:fury-2.1',
  furyRgp: 'urn:ietf:params:xml:ns:fury-rgp-1.0',
  idn: 'urn:ietf:params:xml:ns:idn-1.0',
  org: 'urn:ietf:params:xml:ns:epp:org-1.0',
  orgext: 'urn:ietf:params:xml:ns:epp:orgext-1.0',
  fee: 'urn:ietf:params:xml:ns:fee-0.11',
  sidn: 'http://rxsd.domain-registry.nl/sidn-ext-epp-1.0',
  sidnScheduledDelete: 'http://rxsd.domain-registry.nl/sidn-ext-epp-scheduled-delete-1.0',
  sidnRegistryContactsDelete: 'http://rxsd.domain-registry.nl/sidn-ext-epp-registry-contacts-delete-1.0',
} as const;

export type NamespaceKey = keyof typeof NS;
