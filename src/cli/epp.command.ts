import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import {
  encodeContactInfo,
  encodeDomainCheck,
  encodeDomainInfo,
  encodePollAck,
  encodePollRequest,
} from '../epp/codec/commands';
import type { EncodeContext } from '../epp/codec/context';
import { chooseProfile, chooseServices, Greeting, ProfileOverride } from '../epp/codec/greeting';
import { decodeFrame } from '../epp/codec/responses';
import type { EppResponse } from '../epp/codec/responses/types';
import { jsonLineLogger, silentLogger } from '../epp/logging/epp-logger';
import { createSessionCodec } from '../epp/session/default-codec';
import { EppSession } from '../epp/session/epp-session';
import { connectTls, TlsConnection, TlsConnectionOptions } from '../epp/transport/tls-connection';
import { SUPPORTED_SERVICES } from '../registry-sidn/profiles';

/**
 * `handoff epp <subcommand>`: the operator's view of the registry connection. Logs in with only the
 * services the greeting offers (so it works against any RFC 5730 server), prints JSON on stdout, and
 * on failure a single line on stderr with a non-zero exit code. Never prints the password.
 */
export interface EppCommandIo {
  readonly out: Pick<Writable, 'write'>;
  readonly err: Pick<Writable, 'write'>;
  readonly env?: NodeJS.ProcessEnv;
}

const USAGE = `usage: handoff epp <subcommand> [args] [options]
  hello                 print the server greeting and the registry profile Handoff would choose
  login-test            log in and out, print the services announced
  check-domain NAME...  domain:check
  info-domain NAME      domain:info
  info-contact ID       contact:info
  poll [--ack ID]       poll request, or acknowledge message ID
  decode FILE           decode an EPP frame (greeting or response) from a file and print it as JSON
options (default from the environment):
  --host H (EPP_HOST)  --port P (EPP_PORT, 700)  --client-id ID (EPP_CLIENT_ID)  --password PW (EPP_PASSWORD)
  --ca FILE (EPP_CA_FILE)  --cert FILE (EPP_CERT_FILE)  --key FILE (EPP_KEY_FILE)  --passphrase P (EPP_KEY_PASSPHRASE)
  --servername NAME  --profile auto|hello|drs5  --timeout MS (30000)  --insecure (skip certificate verification)
  --verbose (one JSON log line per command on stderr)
`;

const VALUE_FLAGS = new Set([
  '--host',
  '--port',
  '--client-id',
  '--password',
  '--ca',
  '--cert',
  '--key',
  '--passphrase',
  '--servername',
  '--profile',
  '--timeout',
  '--ack',
]);
const BOOLEAN_FLAGS = new Set(['--insecure', '--verbose', '--help']);

class UsageError extends Error {}

interface ParsedArgs {
  readonly positional: string[];
  readonly flags: Map<string, string>;
  readonly switches: Set<string>;
}

function parseArgs(args: string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg];
      if (BOOLEAN_FLAGS.has(name)) switches.add(name);
      else if (VALUE_FLAGS.has(name)) {
        const value = inline ?? args[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        flags.set(name, value);
      } else throw new UsageError(`unknown option ${name}`);
    } else positional.push(arg);
  }
  return { positional, flags, switches };
}

export async function runEppCommand(
  args: string[],
  io: EppCommandIo = { out: process.stdout, err: process.stderr },
): Promise<number> {
  const env = withLocalSandbox(io.env ?? process.env);
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    io.err.write(`epp: ${oneLine(error)}\n${USAGE}`);
    return 2;
  }
  const [sub, ...rest] = parsed.positional;
  if (!sub || parsed.switches.has('--help')) {
    io.out.write(USAGE);
    return sub || parsed.switches.has('--help') ? 0 : 2;
  }
  const print = (value: unknown) => io.out.write(JSON.stringify(value, null, 2) + '\n');
  try {
    switch (sub) {
      case 'decode':
        return decodeCommand(rest, parsed, print);
      case 'hello':
        return await helloCommand(parsed, env, print);
      case 'login-test':
      case 'check-domain':
      case 'info-domain':
      case 'info-contact':
      case 'poll':
        return await sessionCommand(sub, rest, parsed, env, io, print);
      default:
        throw new UsageError(`unknown subcommand "${sub}"`);
    }
  } catch (error) {
    io.err.write(`epp: ${oneLine(error)}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}

// ---- subcommands ---------------------------------------------------------------------------------

function decodeCommand(rest: string[], parsed: ParsedArgs, print: (v: unknown) => void): number {
  const [file] = rest;
  if (!file) throw new UsageError('decode needs a FILE');
  const frame = decodeFrame(readFileSync(file));
  if (frame.kind === 'greeting') {
    print(greetingJson(frame.greeting, profileOption(parsed)));
    return 0;
  }
  print(responseJson(frame.response));
  return 0;
}

async function helloCommand(
  parsed: ParsedArgs,
  env: NodeJS.ProcessEnv,
  print: (v: unknown) => void,
): Promise<number> {
  const connection = await connectTls(tlsOptions(parsed, env));
  try {
    const xml = await firstFrame(connection, timeoutOption(parsed));
    const frame = decodeFrame(xml);
    if (frame.kind !== 'greeting') throw new Error('the server did not start with a greeting');
    print(greetingJson(frame.greeting, profileOption(parsed)));
    return 0;
  } finally {
    connection.close();
  }
}

async function sessionCommand(
  sub: string,
  rest: string[],
  parsed: ParsedArgs,
  env: NodeJS.ProcessEnv,
  io: EppCommandIo,
  print: (v: unknown) => void,
): Promise<number> {
  const build = commandFor(sub, rest, parsed);
  const clientId = parsed.flags.get('--client-id') ?? env.EPP_CLIENT_ID;
  const password = parsed.flags.get('--password') ?? env.EPP_PASSWORD;
  if (!clientId) throw new UsageError('no client id: pass --client-id or set EPP_CLIENT_ID');
  if (!password) throw new UsageError('no password: pass --password or set EPP_PASSWORD');
  const tls = tlsOptions(parsed, env);
  const override = profileOption(parsed);
  const timeoutMs = timeoutOption(parsed);
  const session = await EppSession.open({
    connect: () => connectTls(tls),
    codec: createSessionCodec(SUPPORTED_SERVICES, override),
    credentials: { clientId, password },
    profileOverride: override === 'auto' ? undefined : override,
    logger: parsed.switches.has('--verbose') ? jsonLineLogger(io.err) : silentLogger,
    clTRIDPrefix: 'HOCLI',
    greetingTimeoutMs: timeoutMs,
    commandTimeoutMs: timeoutMs,
    keepAliveMs: 0,
    maxSessionAgeMs: 0,
  });
  try {
    if (!build) {
      print({
        loggedIn: true,
        svID: session.greeting.svID,
        profile: session.profile,
        objURIs: session.services.objURIs,
        extURIs: session.services.extURIs,
      });
      return 0;
    }
    const exchange = await session.command(build);
    print(responseJson(exchange.response));
    const result = exchange.response.results[0];
    if (!result || result.code >= 2000) {
      throw new Error(`registry answered ${result?.code ?? '?'} ${result?.message ?? ''}`.trim());
    }
    return 0;
  } finally {
    await session.close();
  }
}

function commandFor(
  sub: string,
  rest: string[],
  parsed: ParsedArgs,
): ((ctx: EncodeContext) => string) | undefined {
  switch (sub) {
    case 'login-test':
      return undefined;
    case 'check-domain':
      if (!rest.length) throw new UsageError('check-domain needs at least one NAME');
      return (ctx) => encodeDomainCheck({ names: rest }, ctx);
    case 'info-domain':
      if (rest.length !== 1) throw new UsageError('info-domain needs one NAME');
      return (ctx) => encodeDomainInfo({ name: rest[0] }, ctx);
    case 'info-contact':
      if (rest.length !== 1) throw new UsageError('info-contact needs one ID');
      return (ctx) => encodeContactInfo({ id: rest[0] }, ctx);
    case 'poll': {
      const ack = parsed.flags.get('--ack');
      return ack ? (ctx) => encodePollAck(ack, ctx.clTRID) : (ctx) => encodePollRequest(ctx.clTRID);
    }
    default:
      throw new UsageError(`unknown subcommand "${sub}"`);
  }
}

// ---- JSON views ----------------------------------------------------------------------------------

export function greetingJson(greeting: Greeting, override: ProfileOverride = 'auto') {
  const profile = chooseProfile(greeting, override);
  return {
    svID: greeting.svID,
    svDate: greeting.svDate,
    versions: greeting.versions,
    langs: greeting.langs,
    objURIs: greeting.objURIs,
    extURIs: greeting.extURIs,
    dcp: greeting.dcp,
    profile,
    /** What a login would announce: offered by the server and supported by Handoff. */
    services: chooseServices(greeting, SUPPORTED_SERVICES[profile]),
  };
}

export function responseJson(response: EppResponse) {
  return {
    result: response.results.map((r) => ({
      code: r.code,
      message: r.message,
      ...(r.values.length ? { values: r.values } : {}),
      extValues: r.extValues.map((v) => ({
        value: v.value,
        reason: v.reason,
        ...(v.ciraCode !== undefined ? { ciraCode: v.ciraCode } : {}),
      })),
    })),
    trID: { clTRID: response.trID.clTRID ?? null, svTRID: response.trID.svTRID ?? null },
    msgQ: response.msgQ,
    sidn: response.sidn,
    resData: response.resData ?? null,
    ...(response.moreResData?.length ? { moreResData: response.moreResData } : {}),
    extensions: response.extensions,
    ...(response.unhandled.length ? { unhandled: response.unhandled } : {}),
  };
}

// ---- options -------------------------------------------------------------------------------------

/**
 * With no registry configured, the CLI talks to the sandbox a local `npm start` (or `npm run sandbox`)
 * runs: its endpoint is in DATA_DIR/sandbox/endpoint.json while it runs.
 */
export function withLocalSandbox(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.EPP_HOST) return env;
  const file = path.join(env.DATA_DIR ?? '.data', 'sandbox', 'endpoint.json');
  if (!existsSync(file)) return env;
  const endpoint = JSON.parse(readFileSync(file, 'utf8')) as {
    host: string;
    port: number;
    caFile?: string;
    clientId: string;
  };
  return {
    ...env,
    EPP_HOST: endpoint.host,
    EPP_PORT: String(endpoint.port),
    ...(endpoint.caFile && !env.EPP_CA_FILE ? { EPP_CA_FILE: endpoint.caFile } : {}),
    EPP_CLIENT_ID: env.EPP_CLIENT_ID ?? endpoint.clientId,
    EPP_PASSWORD: env.EPP_PASSWORD ?? env.SANDBOX_REGISTRAR_PASSWORD ?? 'Sandbox-Pass-1',
  };
}

function tlsOptions(parsed: ParsedArgs, env: NodeJS.ProcessEnv): TlsConnectionOptions {
  const host = parsed.flags.get('--host') ?? env.EPP_HOST;
  if (!host) throw new UsageError('no host: pass --host or set EPP_HOST');
  const portText = parsed.flags.get('--port') ?? env.EPP_PORT ?? '700';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`invalid port "${portText}"`);
  const file = (flag: string, variable: string) => {
    const path = parsed.flags.get(flag) ?? env[variable];
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new Error(
        `cannot read ${flag.slice(2)} file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  };
  return {
    host,
    port,
    servername: parsed.flags.get('--servername'),
    ca: file('--ca', 'EPP_CA_FILE'),
    cert: file('--cert', 'EPP_CERT_FILE'),
    key: file('--key', 'EPP_KEY_FILE'),
    passphrase: parsed.flags.get('--passphrase') ?? env.EPP_KEY_PASSPHRASE,
    rejectUnauthorized: !parsed.switches.has('--insecure'),
    connectTimeoutMs: timeoutOption(parsed),
  };
}

function profileOption(parsed: ParsedArgs): ProfileOverride {
  const value = parsed.flags.get('--profile') ?? 'auto';
  if (value !== 'auto' && value !== 'hello' && value !== 'drs5')
    throw new UsageError(`invalid --profile "${value}"`);
  return value;
}

function timeoutOption(parsed: ParsedArgs): number {
  const text = parsed.flags.get('--timeout') ?? '30000';
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new UsageError(`invalid --timeout "${text}"`);
  return value;
}

function firstFrame(connection: TlsConnection, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no greeting within ${timeoutMs} ms`)), timeoutMs);
    connection.onFrame((xml) => {
      clearTimeout(timer);
      resolve(xml);
    });
    connection.onClose((error) => {
      clearTimeout(timer);
      reject(error ?? new Error('connection closed before the greeting'));
    });
  });
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
