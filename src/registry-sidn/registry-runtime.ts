import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { EnvSchema } from '../config/env.schema';
import { gatedEppExecutorFromEnv, EppTarget } from '../orders/epp/epp-executor.factory';
import { ensureRegistrarHandles, RegistrarContactDetails } from '../orders/epp/registrar-handles';
import { SandboxHandle, startSandbox } from '../sandbox';

/** The registry the service talks to, and how to stop what was started for it. */
export interface RegistryRuntime {
  readonly target: EppTarget;
  /** The built-in SIDN sandbox, when it serves as the registry. */
  readonly sandbox?: SandboxHandle;
  stop(): Promise<void>;
}

/** The registrar's own contact, created at the sandbox for its admin/tech handles (not customer data). */
export const SANDBOX_REGISTRAR_CONTACT: RegistrarContactDetails = {
  name: 'Hostmaster',
  org: 'Registrar B.V.',
  street: ['Registrarweg 1'],
  city: 'Utrecht',
  pc: '3511AA',
  cc: 'NL',
  voice: '+31.302345678',
  email: 'hostmaster@registrar.example',
  properties: [
    { key: 'NL_LEGAL_FORM', value: 'BV' },
    { key: 'NL_KVK_NUMBER', value: '87654321' },
  ],
};

/**
 * With EPP_HOST: the configured registry. Without: the SIDN sandbox in this process on loopback
 * (state in the service's database, certificate under DATA_DIR/sandbox), with the registrar's own
 * admin/tech handles created there, and its endpoint written to DATA_DIR/sandbox/endpoint.json so
 * that `npm run cli -- epp ...` finds it.
 */
export async function startRegistry(
  env: EnvSchema,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<RegistryRuntime> {
  if (env.EPP_HOST) {
    return {
      target: {
        host: env.EPP_HOST,
        port: env.EPP_PORT,
        clientId: env.EPP_CLIENT_ID!,
        password: env.EPP_PASSWORD!,
      },
      stop: async () => undefined,
    };
  }
  const certDir = path.join(env.DATA_DIR, 'sandbox');
  mkdirSync(certDir, { recursive: true });
  const sandbox = await startSandbox({
    databaseUrl,
    port: env.SANDBOX_PORT,
    certDir,
    registrars: [{ id: env.SANDBOX_REGISTRAR_ID, password: env.SANDBOX_REGISTRAR_PASSWORD }],
    logger: { info: () => undefined, warn: (o) => log(`sandbox: ${JSON.stringify(o)}`) },
  });
  const target: EppTarget = {
    host: sandbox.host,
    port: sandbox.port,
    caPem: sandbox.caCertPem,
    clientId: env.SANDBOX_REGISTRAR_ID,
    password: env.SANDBOX_REGISTRAR_PASSWORD,
  };
  env.REGISTRAR_ADMIN_HANDLE ??= 'HO-ADMIN';
  env.REGISTRAR_TECH_HANDLE ??= 'HO-TECH';
  const executor = gatedEppExecutorFromEnv(env, target);
  try {
    await ensureRegistrarHandles(
      executor,
      [env.REGISTRAR_ADMIN_HANDLE, env.REGISTRAR_TECH_HANDLE],
      SANDBOX_REGISTRAR_CONTACT,
    );
  } finally {
    await executor.close();
  }
  const endpointFile = path.join(certDir, 'endpoint.json');
  writeFileSync(
    endpointFile,
    JSON.stringify({
      host: sandbox.host,
      port: sandbox.port,
      caFile: sandbox.caFile,
      clientId: target.clientId,
    }) + '\n',
  );
  log(
    `SIDN sandbox (Hello Registry profile) on ${sandbox.host}:${sandbox.port}; registrar ${target.clientId}`,
  );
  return {
    target,
    sandbox,
    stop: async () => {
      rmSync(endpointFile, { force: true });
      await sandbox.stop();
    },
  };
}
