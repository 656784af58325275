import { el, leaf } from '../xml';
import { commandFrame, eppDocument } from './frame';
import type { LoginCommand } from './types';
import { line, nonEmpty, token } from './values';

/** RFC 5730 §2.3: `<hello/>`, also the keep-alive. */
export function encodeHello(): string {
  return eppDocument([el('hello')]);
}

/**
 * RFC 5730 §2.9.1.1 login. `objURIs`/`extURIs` must already be the intersection of the greeting and
 * what we support: the session layer chooses them, this only writes them down. The password
 * length is not checked here: RFC 5730 says 6-16 characters, registries differ (SIDN: at least 10).
 */
export function encodeLogin(p: LoginCommand, clTRID: string): string {
  nonEmpty('objURIs', p.objURIs);
  return commandFrame(
    clTRID,
    el('login', {}, [
      leaf('clID', token('clientId', p.clientId, { min: 3, max: 16 })),
      leaf('pw', line('password', p.password)),
      p.newPassword !== undefined && leaf('newPW', line('newPassword', p.newPassword)),
      el('options', {}, [leaf('version', p.version ?? '1.0'), leaf('lang', token('lang', p.lang ?? 'en'))]),
      el('svcs', {}, [
        ...p.objURIs.map((uri) => leaf('objURI', token('objURI', uri))),
        p.extURIs.length > 0 &&
          el(
            'svcExtension',
            {},
            p.extURIs.map((uri) => leaf('extURI', token('extURI', uri))),
          ),
      ]),
    ]),
  );
}

export function encodeLogout(clTRID: string): string {
  return commandFrame(clTRID, el('logout'));
}

/** RFC 5730 §2.9.2.3 poll request. */
export function encodePollRequest(clTRID: string): string {
  return commandFrame(clTRID, el('poll', { op: 'req' }));
}

/** RFC 5730 §2.9.2.3 poll acknowledgement of one message. */
export function encodePollAck(messageId: string, clTRID: string): string {
  return commandFrame(clTRID, el('poll', { op: 'ack', msgID: token('messageId', messageId) }));
}
