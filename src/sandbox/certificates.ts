import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import selfsigned from 'selfsigned';

/**
 * The sandbox's TLS identity: given by configuration, or a self-signed certificate generated at first
 * start and kept under certDir (`ca.pem` = the certificate clients trust, `key.pem`), so a restarted
 * sandbox keeps the identity clients already trust.
 */
export interface SandboxTlsMaterial {
  cert: string;
  key: string;
  /** PEM clients verify the server with (the self-signed certificate itself, or the configured ca/cert). */
  caCertPem: string;
  caFile?: string;
}

export async function loadOrCreateCertificate(certDir: string, host: string): Promise<SandboxTlsMaterial> {
  const dir = path.resolve(certDir);
  const certFile = path.join(dir, 'ca.pem');
  const keyFile = path.join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    return { cert, key: readFileSync(keyFile, 'utf8'), caCertPem: cert, caFile: certFile };
  }
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') altNames.push({ type: 2, value: host });
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'handoff-sidn-sandbox' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 60 * 60 * 1000),
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { cert: pems.cert, key: pems.private, caCertPem: pems.cert, caFile: certFile };
}
