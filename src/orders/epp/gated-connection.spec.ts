import { InMemoryConnection } from '../../epp/session/in-memory-connection';
import { GatedConnection } from './gated-connection';

const flush = () => new Promise((r) => setImmediate(r));

describe(GatedConnection.name, () => {
  function setup() {
    const [client, server] = InMemoryConnection.pair();
    const received: string[] = [];
    server.onFrame((xml) => received.push(xml));
    return { gated: new GatedConnection(client), received, client };
  }

  it('holds the armed frame until its gate has run, then sends exactly that frame', async () => {
    const { gated, received } = setup();
    let release!: () => void;
    const gate = jest.fn((xml: string) => new Promise<void>((r) => (release = () => r(void xml))));
    gated.arm('<frame id="1"/>', gate);
    gated.send('<frame id="1"/>');
    await flush();
    expect(gate).toHaveBeenCalledWith('<frame id="1"/>');
    expect(received).toEqual([]);
    release();
    await flush();
    expect(received).toEqual(['<frame id="1"/>']);
    expect(gated.lastGated).toEqual({ state: 'sent' });
  });

  it('sends other frames (a keep-alive hello) straight through, leaving the gate armed', async () => {
    const { gated, received } = setup();
    const gate = jest.fn(() => Promise.resolve());
    gated.arm('<contact/>', gate);
    gated.send('<hello/>');
    await flush();
    expect(received).toEqual(['<hello/>']);
    expect(gate).not.toHaveBeenCalled();
    gated.send('<contact/>');
    await flush();
    expect(received).toEqual(['<hello/>', '<contact/>']);
  });

  it('never sends a frame whose gate fails, and closes the connection', async () => {
    const { gated, received, client } = setup();
    gated.arm('<contact/>', () => Promise.reject(new Error('ledger refused')));
    gated.send('<contact/>');
    await flush();
    expect(received).toEqual([]);
    expect(client.closed).toBe(true);
    expect(gated.lastGated?.state).toBe('gate-failed');
    expect(gated.lastGated?.error?.message).toBe('ledger refused');
  });

  it('reports not-sent when the connection closed while the gate ran', async () => {
    const { gated, received, client } = setup();
    let release!: () => void;
    gated.arm('<contact/>', () => new Promise<void>((r) => (release = r)));
    gated.send('<contact/>');
    client.close();
    release();
    await flush();
    expect(received).toEqual([]);
    expect(gated.lastGated?.state).toBe('not-sent');
  });
});
