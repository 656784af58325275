import { InMemoryConnection } from '../in-memory-connection';
import { JsonFrame, jsonGreeting, jsonResponse } from './json-codec';

/**
 * The server end of an in-memory connection speaking the JSON test codec. By default it greets,
 * accepts the login, answers hello with a greeting, logout with 1500 and other commands with 1000.
 * `script` overrides the answer to a command: return a frame, `'silence'`, or `'drop'`.
 */
export type PeerAnswer = string | 'silence' | 'drop';

export class JsonPeer {
  readonly received: JsonFrame[] = [];
  script?: (frame: JsonFrame) => PeerAnswer | undefined;
  greeting = jsonGreeting();
  loginCode = 1000;
  autoGreet = true;

  readonly connections: InMemoryConnection[] = [];

  /** A connection factory for EppSession: each call opens a new in-memory pair. */
  connect = async (): Promise<InMemoryConnection> => {
    const [client, server] = InMemoryConnection.pair();
    this.connections.push(server);
    server.onFrame((raw) => this.answer(server, JSON.parse(raw) as JsonFrame));
    if (this.autoGreet) server.send(this.greeting);
    return client;
  };

  commands(type?: JsonFrame['type']): JsonFrame[] {
    return type ? this.received.filter((f) => f.type === type) : this.received;
  }

  private answer(server: InMemoryConnection, frame: JsonFrame): void {
    this.received.push(frame);
    const scripted = this.script?.(frame);
    if (scripted === 'silence') return;
    if (scripted === 'drop') {
      server.close();
      return;
    }
    if (scripted !== undefined) {
      server.send(scripted);
      return;
    }
    switch (frame.type) {
      case 'hello':
        server.send(this.greeting);
        return;
      case 'login':
        server.send(
          jsonResponse(this.loginCode, frame.clTRID, 'SV-LOGIN', this.loginCode === 1000 ? 'ok' : 'refused'),
        );
        return;
      case 'logout':
        server.send(jsonResponse(1500, frame.clTRID, 'SV-LOGOUT'));
        server.close();
        return;
      case 'command':
        server.send(jsonResponse(1000, frame.clTRID, `SV-${frame.command}`));
        return;
      default:
        return;
    }
  }
}

/** Lets queued microtasks and immediate callbacks run (in-memory delivery is asynchronous). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
