import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encodeContactCreate, encodeDomainCreate, type EncodeContext } from '../src/epp/codec/commands';
import { NS } from '../src/epp/codec/namespaces';
import { decodeResponse } from '../src/epp/codec/responses';
import { measure, type BenchResult } from './measure';

/**
 * Codec throughput: encoding a full contact:create (hello profile, with Fury properties), a
 * domain:create, and decoding a domain:create response. Figures only, no assertions.
 */
const HELLO: EncodeContext = {
  clTRID: 'HANDOFF-1732550000000-000001-a1b2',
  extensions: new Set([NS.fury, NS.furyRgp, NS.rgp, NS.secDNS]),
  profile: 'hello',
};

const domainCreateResponse = readFileSync(
  path.resolve(
    __dirname,
    '..',
    '..',
    'shared',
    'epp-reference',
    'examples',
    'rfc5731',
    'domain-create-response.xml',
  ),
  'utf8',
);

export function run(): BenchResult[] {
  return [
    measure('encode contact:create (hello, Fury properties)', () =>
      encodeContactCreate(
        {
          id: 'k3v9Qx2mP7',
          postalInfo: {
            type: 'loc',
            name: 'Jan de Vries',
            org: 'De Vries Installatietechniek',
            addr: { street: ['Wolvenplein 16', 'Unit 3'], city: 'Utrecht', pc: '3512CK', cc: 'NL' },
          },
          voice: { number: '+31.612345678' },
          email: 'jan@devries.example',
          authInfo: 'unused-Xy9',
          properties: [
            { key: 'LEGAL_FORM', value: 'EENMANSZAAK' },
            { key: 'KVK_NUMBER', value: '14633770' },
            { key: 'LANGUAGE', value: 'NL' },
          ],
        },
        HELLO,
      ),
    ),
    measure('encode domain:create', () =>
      encodeDomainCreate(
        {
          name: 'devries-installatie.nl',
          period: { value: 1, unit: 'y' },
          nameservers: ['ns1.registrar.example', 'ns2.registrar.example'],
          registrant: 'k3v9Qx2mP7',
          contacts: [
            { type: 'admin', id: 'REGADM01' },
            { type: 'tech', id: 'REGTEC01' },
          ],
          authInfo: 'unused-Xy9',
        },
        HELLO,
      ),
    ),
    measure('decode domain:create response (decodeResponse)', () => decodeResponse(domainCreateResponse)),
  ];
}
