import type { SessionCodec } from '../session-codec';

/**
 * A stand-in codec for unit tests of the session state machine: frames are small JSON documents,
 * so the tests exercise greeting, login, clTRID matching, timeouts and keep-alive without XML.
 * The real codec is wired in `default-codec.ts`.
 */
export interface JsonGreeting {
  svID: string;
  objURIs: string[];
  extURIs: string[];
}

export interface JsonResponse {
  results: { code: number; message: string }[];
  trID: { clTRID?: string; svTRID?: string };
}

export type JsonFrame =
  | { type: 'hello' }
  | { type: 'greeting'; greeting: JsonGreeting }
  | {
      type: 'login';
      clTRID: string;
      clientId: string;
      password: string;
      newPassword?: string;
      objURIs: string[];
      extURIs: string[];
    }
  | { type: 'logout'; clTRID: string }
  | { type: 'command'; clTRID: string; command: string; objectId?: string; payload?: string }
  | { type: 'response'; response: JsonResponse };

export const SUPPORTED_OBJ = ['urn:ietf:params:xml:ns:domain-1.0', 'urn:ietf:params:xml:ns:contact-1.0'];
export const SUPPORTED_EXT = ['urn:ietf:params:xml:ns:secDNS-1.1', 'urn:ietf:params:xml:ns:fury-2.1'];

export const jsonCodec: SessionCodec<JsonGreeting, JsonResponse> = {
  hello: () => JSON.stringify({ type: 'hello' }),
  login: (p, clTRID) =>
    JSON.stringify({
      type: 'login',
      clTRID,
      clientId: p.clientId,
      password: p.password,
      newPassword: p.newPassword,
      objURIs: p.objURIs,
      extURIs: p.extURIs,
    }),
  logout: (clTRID) => JSON.stringify({ type: 'logout', clTRID }),
  decode: (xml) => {
    const frame = JSON.parse(xml) as JsonFrame;
    if (frame.type === 'greeting') return { kind: 'greeting', greeting: frame.greeting };
    if (frame.type === 'response') return { kind: 'response', response: frame.response };
    throw new Error(`not a server frame: ${frame.type}`);
  },
  chooseServices: (g) => ({
    objURIs: g.objURIs.filter((u) => SUPPORTED_OBJ.includes(u)),
    extURIs: g.extURIs.filter((u) => SUPPORTED_EXT.includes(u)),
  }),
  chooseProfile: (g) => (g.extURIs.some((u) => u.includes('fury')) ? 'hello' : 'drs5'),
  summarize: (xml) => {
    const frame = JSON.parse(xml) as JsonFrame;
    if (frame.type === 'command')
      return { command: frame.command, objectId: frame.objectId, clTRID: frame.clTRID };
    if (frame.type === 'login') return { command: 'login', objectId: frame.clientId, clTRID: frame.clTRID };
    return { command: frame.type };
  },
};

export function jsonCommand(clTRID: string, command: string, objectId?: string, payload?: string): string {
  return JSON.stringify({ type: 'command', clTRID, command, objectId, payload });
}

export function jsonResponse(code: number, clTRID?: string, svTRID = 'SV-1', message = 'ok'): string {
  return JSON.stringify({
    type: 'response',
    response: { results: [{ code, message }], trID: { clTRID, svTRID } },
  });
}

export function jsonGreeting(
  extURIs: string[] = ['urn:ietf:params:xml:ns:fury-2.1', 'urn:example:other-1.0'],
): string {
  return JSON.stringify({
    type: 'greeting',
    greeting: {
      svID: 'json test server',
      objURIs: ['urn:ietf:params:xml:ns:domain-1.0', 'urn:ietf:params:xml:ns:host-1.0'],
      extURIs,
    },
  });
}
