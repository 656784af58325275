import type { EncodeContext, RegistryProfileName } from '../epp/codec/context';
import { EppError, EppErrorCode } from '../epp/codec/errors';
import { NS } from '../epp/codec/namespaces';
import type { EppResponse, ResData, ResponseExtensions } from '../epp/codec/responses/types';
import { EppLifecycleRegistry } from './epp-lifecycle-registry';
import type { EppExecutor } from './lifecycle-registry.port';

/** A scripted executor: records the frames the adapter encodes, answers or throws as told. No I/O. */
class ScriptedExecutor implements EppExecutor {
  readonly sent: string[] = [];
  constructor(
    private readonly profileName: RegistryProfileName,
    private readonly answer: (xml: string) => EppResponse | EppError,
  ) {}
  async profile(): Promise<RegistryProfileName> {
    return this.profileName;
  }
  async execute(
    encode: (ctx: EncodeContext) => string,
    opts?: { beforeSend?: (xml: string) => Promise<void> },
  ) {
    const ctx: EncodeContext = {
      clTRID: `T-${this.sent.length + 1}`,
      extensions: new Set([NS.rgp, NS.furyRgp, NS.fury, NS.sidn]),
      profile: this.profileName,
    };
    const xml = encode(ctx);
    await opts?.beforeSend?.(xml);
    this.sent.push(xml);
    const a = this.answer(xml);
    if (a instanceof EppError) throw a;
    return { response: a, sentXml: xml, receivedXml: '<epp/>' };
  }
}

function ok(resData?: ResData, extensions: ResponseExtensions = {}, code = 1000): EppResponse {
  return {
    results: [{ code, message: 'ok', values: [], extValues: [] }],
    msgQ: null,
    trID: { clTRID: 'T', svTRID: 'SV-1' },
    resData,
    extensions,
    sidn: null,
    unhandled: [],
  };
}

const infData = (clID: string): ResData => ({
  type: 'domain:infData',
  name: 'example.nl',
  roid: 'D1',
  statuses: [{ s: 'pendingDelete' }],
  contacts: [],
  nameservers: [],
  nameserverAttrs: [],
  hosts: [],
  clID,
  exDate: '2027-11-25T00:00:00Z',
});

describe(EppLifecycleRegistry.name, () => {
  it('reads quarantine from domain:info: rgp status and fury-rgp rgpStatusEnd, ours by clID', async () => {
    const epp = new ScriptedExecutor('hello', () =>
      ok(infData('handoff'), {
        rgp: { statuses: ['redemptionPeriod'] },
        furyRgp: { rgpStatusEnd: '2027-01-04T12:00:00Z' },
      }),
    );
    const info = await new EppLifecycleRegistry(epp, 'handoff').infoDomain('example.nl');
    expect(info).toMatchObject({
      exists: true,
      ours: true,
      rgpStatuses: ['redemptionPeriod'],
      rgpStatusEnd: new Date('2027-01-04T12:00:00Z'),
      svTRID: 'SV-1',
    });
  });

  it("another registrar's domain is not ours", async () => {
    const epp = new ScriptedExecutor('hello', () => ok(infData('someone-else')));
    expect(await new EppLifecycleRegistry(epp, 'handoff').infoDomain('example.nl')).toMatchObject({
      exists: true,
      ours: false,
    });
  });

  it.each([
    [2303, EppErrorCode.ObjectDoesNotExist],
    [2201, EppErrorCode.AuthorizationError],
  ])(
    'domain:info answering %i means absent for us, with the svTRID as evidence',
    async (resultCode, code) => {
      const epp = new ScriptedExecutor(
        'hello',
        () => new EppError({ code, resultCode, reason: 'no', svTRID: 'SV-X' }),
      );
      expect(await new EppLifecycleRegistry(epp, 'handoff').infoDomain('gone.nl')).toEqual({
        exists: false,
        name: 'gone.nl',
        resultCode,
        svTRID: 'SV-X',
      });
    },
  );

  it('restores with RFC 3915 restore on Hello Registry', async () => {
    const epp = new ScriptedExecutor('hello', () => ok());
    const seen: string[] = [];
    await new EppLifecycleRegistry(epp, 'handoff').restoreDomain(
      'example.nl',
      async (f) => void seen.push(f.clTRID),
    );
    expect(epp.sent[0]).toMatch(/<rgp:restore op="request"\s*\/>/);
    expect(seen).toEqual(['T-1']);
  });

  it('restores with domainCancelDelete on DRS5 (extension-only frame)', async () => {
    const epp = new ScriptedExecutor('drs5', () => ok());
    await new EppLifecycleRegistry(epp, 'handoff').restoreDomain('example.nl', async () => undefined);
    expect(epp.sent[0]).toContain('domainCancelDelete');
    expect(epp.sent[0]).not.toContain('<command>');
  });

  it('commits beforeSend before the delete leaves, and returns the confirmation', async () => {
    const order: string[] = [];
    const epp = new ScriptedExecutor('hello', (xml) => {
      order.push('sent');
      expect(xml).toContain('<domain:delete');
      return ok();
    });
    const c = await new EppLifecycleRegistry(epp, 'handoff').deleteDomain(
      'example.nl',
      async () => void order.push('intent'),
    );
    expect(order).toEqual(['intent', 'sent']);
    expect(c).toEqual({ resultCode: 1000, clTRID: 'T', svTRID: 'SV-1' });
  });

  it('a poll ack for a message already gone (2303) is not an error (a retry after a lost answer)', async () => {
    const epp = new ScriptedExecutor(
      'hello',
      () => new EppError({ code: EppErrorCode.ObjectDoesNotExist, resultCode: 2303, reason: 'no message' }),
    );
    await expect(new EppLifecycleRegistry(epp, 'handoff').pollAck('7')).resolves.toBeUndefined();
  });

  it('an empty poll queue (1300) gives no message', async () => {
    const epp = new ScriptedExecutor('hello', () => ({ ...ok(undefined, {}, 1300), msgQ: null }));
    expect(await new EppLifecycleRegistry(epp, 'handoff').pollRequest()).toBeUndefined();
  });
});
