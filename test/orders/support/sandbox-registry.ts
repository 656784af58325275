import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSessionCodec } from '../../../src/epp/session/default-codec';
import { connectTls } from '../../../src/epp/transport/tls-connection';
import { GatedEppExecutor } from '../../../src/orders/epp/epp-executor';
import { EppRegistryAdapter } from '../../../src/orders/epp/epp-registry.adapter';
import { ensureRegistrarHandles } from '../../../src/orders/epp/registrar-handles';
import { SUPPORTED_SERVICES } from '../../../src/registry-sidn/profiles';
import { SandboxHandle, startSandbox } from '../../../src/sandbox';
import type { TestDatabase } from '../../support/database';
import { ADMIN, TECH } from './orders-test-app';
import { SANDBOX_REGISTRAR_CONTACT } from '../../../src/registry-sidn/registry-runtime';

export const REGISTRAR = { id: 'handoff', password: 'handoff-pw-123' };

export async function startOrdersSandbox(db: TestDatabase): Promise<SandboxHandle> {
  return startSandbox({
    databaseUrl: db.url,
    certDir: mkdtempSync(path.join(tmpdir(), 'handoff-orders-sandbox-')),
    registrars: [REGISTRAR],
  });
}

/** A real EPP client for the workflow: TLS to the sandbox, pooled gated sessions, the SIDN codec. */
export function sandboxExecutor(sandbox: SandboxHandle, commandTimeoutMs = 4000): GatedEppExecutor {
  return new GatedEppExecutor(
    {
      connect: () =>
        connectTls({ host: sandbox.host, port: sandbox.port, ca: sandbox.caCertPem, connectTimeoutMs: 5000 }),
      codec: createSessionCodec(SUPPORTED_SERVICES),
      credentials: { clientId: REGISTRAR.id, password: REGISTRAR.password },
      commandTimeoutMs,
      keepAliveMs: 0,
    },
    { maxSessions: 2, acquireTimeoutMs: 5000 },
  );
}

export function sandboxAdapter(executor: GatedEppExecutor): EppRegistryAdapter {
  return new EppRegistryAdapter(executor, REGISTRAR.id);
}

/** The registrar's own admin and tech handles exist at the registry before any domain uses them. */
export async function createRegistrarHandles(executor: GatedEppExecutor): Promise<void> {
  await ensureRegistrarHandles(executor, [ADMIN, TECH], SANDBOX_REGISTRAR_CONTACT);
}
