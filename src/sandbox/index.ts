import path from 'node:path';
import { XsdValidator } from '../epp/xsd/xsd-validator';
import type { XmlBuildElement } from '../epp/codec/xml';
import { loadOrCreateCertificate } from './certificates';
import { FaultInjector, SandboxFaults } from './faults';
import { loadPropertyDefinitions, PropertyCatalogue } from './properties';
import { SandboxRegistry } from './registry';
import { OffsetClock, SandboxClock } from './sandbox-clock';
import { DEFAULT_SV_ID, SandboxLogger, SandboxServer } from './sandbox-server';
import { FrameFilter, RecordedFrame, SandboxStore } from './store/sandbox-store';

export type { SandboxClock } from './sandbox-clock';
export { OffsetClock } from './sandbox-clock';
export type { FaultInjector, FaultMode, FaultSpec } from './faults';
export type { RecordedFrame, FrameFilter } from './store/sandbox-store';
export { CiraCode } from './sandbox-error';
export { OFFERED_EXT_URIS, OFFERED_OBJ_URIS } from './sandbox-server';

/**
 * The SIDN sandbox: an EPP registry on loopback that behaves like .nl on Hello Registry (CIRA Fury).
 * See docs/sandbox.md for what it emulates and how each choice was sourced.
 */
export interface SandboxOptions {
  /** PostgreSQL; state lives in schema "sandbox" (created by migrations the caller has run). */
  databaseUrl: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 = a free port. */
  port?: number;
  /** Default: a self-signed certificate generated at first start, persisted under certDir. */
  tls?: { cert: string; key: string; ca?: string; requireClientCert?: boolean };
  /** Default '.data/sandbox'. */
  certDir?: string;
  registrars: { id: string; password: string }[];
  /** Default config/sandbox-properties.yaml. */
  propertiesFile?: string;
  profile?: 'hello';
  /** Injectable; default real time; supports advance(ms). */
  clock?: SandboxClock;
  limits?: { maxSessionsPerRegistrar?: number; idleTimeoutMs?: number; maxSessionAgeMs?: number };
  /** RFC 3915 redemption (= .nl quarantine) length; default 40 days. */
  redemptionDays?: number;
  /** Whether an RFC 3915 restore needs a report after the request; default false. */
  restoreRequiresReport?: boolean;
  /** Validate every incoming frame against the XSDs; default true. */
  validateXsd?: boolean;
  logger?: SandboxLogger;
  /** DRS5 rule: a registrant's name and legal form cannot change by update; default true. */
  freezeRegistrantIdentity?: boolean;
  /** The greeting's svID (CIRA's real one is 68 characters, over RFC 5730's 64). */
  svID?: string;
  /** How often (real ms) idle sessions and due purges are checked without time travel; default 1000. */
  housekeepingIntervalMs?: number;
}

export interface SandboxHandle {
  host: string;
  port: number;
  /** Clients verify the server with this PEM. */
  caCertPem: string;
  /** Path of the CA file when the certificate was generated or loaded from certDir. */
  caFile?: string;
  frames(filter?: FrameFilter): Promise<RecordedFrame[]>;
  faults: FaultInjector;
  /** now(), advance(ms): time travel runs what became due (purges, idle closes) before it resolves. */
  clock: { now(): Date; advance(ms: number): Promise<void> };
  /** Empties all sandbox tables and re-seeds the configured registrars. */
  reset(): Promise<void>;
  /** Queues a plain RFC 5730 poll message (text, optional resData element) for a registrar. */
  enqueuePoll(registrar: string, message: string | { msg: string; resData?: XmlBuildElement }): Promise<void>;
  stop(): Promise<void>;
}

const DAY = 24 * 60 * 60 * 1000;
const silent: SandboxLogger = { info: () => undefined, warn: () => undefined };

export async function startSandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silent;
  const clock = options.clock ?? new OffsetClock();
  const propertiesFile =
    options.propertiesFile ?? path.resolve(__dirname, '..', '..', 'config', 'sandbox-properties.yaml');
  const properties = new PropertyCatalogue(loadPropertyDefinitions(propertiesFile));
  const legalForm = properties.definitions.find((d) => d.key.includes('LEGAL_FORM'));
  const store = new SandboxStore(options.databaseUrl, (error) =>
    logger.warn({ event: 'sandbox.db-error', error: error.message }),
  );
  try {
    for (const r of options.registrars) await store.seedRegistrar(r.id, r.password);
  } catch (e) {
    await store.close();
    throw e;
  }
  const registry = new SandboxRegistry(store, properties, {
    redemptionDays: options.redemptionDays ?? 40,
    restoreRequiresReport: options.restoreRequiresReport ?? false,
    pendingRestoreDays: 7,
    freezeRegistrantIdentity: options.freezeRegistrantIdentity ?? true,
    legalFormKey: legalForm?.key ?? 'NL_LEGAL_FORM',
  });
  const faults = new SandboxFaults();
  const server = new SandboxServer({
    store,
    registry,
    faults,
    clock,
    validator: options.validateXsd === false ? undefined : new XsdValidator(),
    limits: {
      maxSessionsPerRegistrar: options.limits?.maxSessionsPerRegistrar ?? 4,
      idleTimeoutMs: options.limits?.idleTimeoutMs ?? 10 * 60 * 1000,
      maxSessionAgeMs: options.limits?.maxSessionAgeMs ?? DAY,
    },
    logger,
    svID: options.svID ?? DEFAULT_SV_ID,
  });
  const tls = options.tls
    ? {
        cert: options.tls.cert,
        key: options.tls.key,
        caCertPem: options.tls.ca ?? options.tls.cert,
        caFile: undefined,
      }
    : await loadOrCreateCertificate(options.certDir ?? '.data/sandbox', host);
  let port: number;
  try {
    ({ port } = await server.listen(host, options.port ?? 0, {
      cert: tls.cert,
      key: tls.key,
      ca: options.tls?.ca,
      requireClientCert: options.tls?.requireClientCert,
    }));
  } catch (e) {
    await store.close();
    throw e;
  }

  let running: Promise<void> = Promise.resolve();
  const housekeeping = (): Promise<void> => {
    running = running
      .then(async () => {
        server.checkSessions();
        const done = await registry.runDue(clock.now());
        if (done.purged.length || done.restoreExpired.length) logger.info({ event: 'sandbox.due', ...done });
      })
      .catch((e: unknown) => logger.warn({ event: 'sandbox.housekeeping-error', error: String(e) }));
    return running;
  };
  const timer = setInterval(() => void housekeeping(), options.housekeepingIntervalMs ?? 1000);
  timer.unref();
  logger.info({ event: 'sandbox.started', host, port });

  return {
    host,
    port,
    caCertPem: tls.caCertPem,
    caFile: tls.caFile,
    frames: (filter) => store.frames(filter),
    faults,
    clock: {
      now: () => clock.now(),
      advance: async (ms: number) => {
        await clock.advance(ms);
        await housekeeping();
      },
    },
    reset: async () => {
      await running;
      await store.reset();
      for (const r of options.registrars) await store.seedRegistrar(r.id, r.password);
    },
    enqueuePoll: async (registrar, message) => {
      const m = typeof message === 'string' ? { msg: message } : message;
      await store.enqueuePoll(store.pool, registrar, clock.now(), m.msg, m.resData);
    },
    stop: async () => {
      clearInterval(timer);
      await running;
      await server.close();
      await store.close();
      logger.info({ event: 'sandbox.stopped', host, port });
    },
  };
}
