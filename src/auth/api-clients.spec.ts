import { authenticate, hashToken, parseApiClients } from './api-clients';

const yaml = (scopes: string) =>
  `clients:\n  - name: orders\n    tokenSha256: ${hashToken('secret-token')}\n    scopes: [${scopes}]\n`;

describe(parseApiClients.name, () => {
  it('authenticates a client by the hash of its token only', () => {
    const clients = parseApiClients(yaml('registrations:write'));
    expect(authenticate(clients, 'secret-token')?.name).toBe('orders');
    expect(authenticate(clients, 'secret-tokeN')).toBeUndefined();
    expect(JSON.stringify(clients)).not.toContain('secret-token');
  });

  it('refuses an unknown scope with the path of the bad entry', () => {
    expect(() => parseApiClients(yaml('everything'))).toThrow(
      /clients\[0\]\.scopes: unknown scope "everything"/,
    );
  });

  it('refuses a token that is not a SHA-256 hex digest', () => {
    expect(() => parseApiClients('clients:\n  - name: x\n    tokenSha256: plain\n    scopes: []\n')).toThrow(
      /tokenSha256/,
    );
  });
});
