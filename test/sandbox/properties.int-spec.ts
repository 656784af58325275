import { NS } from '../../src/epp/codec/namespaces';
import { child, childrenOf, childText, find, XmlElement } from '../../src/epp/codec/xml';
import { XsdValidator } from '../../src/epp/xsd/xsd-validator';
import { CiraCode } from '../../src/sandbox';
import { furyCheck, furyInfo } from './support/frames';
import { REG_A, SandboxFixture, startSandboxFixture } from './support/sandbox-fixture';
import { LEGAL_FORMS } from '../../src/recipients/profile-fields';

function attributes(p: XmlElement): Record<string, string> {
  return Object.fromEntries(
    childrenOf(child(p, NS.fury, 'propertyAttributes'), NS.fury, 'propertyAttribute').map((a) => [
      childText(a, NS.fury, 'key')!,
      childText(a, NS.fury, 'value')!,
    ]),
  );
}

describe('SIDN sandbox: Fury property discovery (fury-2.1 fury:command)', () => {
  let f: SandboxFixture;
  beforeAll(async () => {
    f = await startSandboxFixture('sbx_props');
  });
  afterAll(async () => {
    await f.stop();
  });

  it('lists every property definition for an empty query, each marked as an assumption', async () => {
    const c = await f.session();
    const r = await c.send(furyInfo());
    expect(r.code).toBe(1000);
    expect((await new XsdValidator().validate(r.xml)).errors).toEqual([]);
    const props = childrenOf(
      find(find(r.root, NS.fury, 'infData'), NS.fury, 'properties'),
      NS.fury,
      'property',
    );
    expect(props.map((p) => childText(p, NS.fury, 'key'))).toEqual([
      'NL_LEGAL_FORM',
      'NL_KVK_NUMBER',
      'NL_LANGUAGE',
    ]);
    const legal = props[0];
    expect(
      childrenOf(child(legal, NS.fury, 'propertyValues'), NS.fury, 'propertyValue').map((v) =>
        childText(v, NS.fury, 'value'),
      ),
    ).toEqual(LEGAL_FORMS);
    expect(attributes(legal)).toMatchObject({
      entitytype: 'contact',
      propertytype: 'SINGLEENUM',
      mandatory: 'true',
      assumption: 'true',
    });
    expect(attributes(props[1])).toMatchObject({ propertytype: 'TEXT', pattern: '^[0-9]{8}$' });
    const langDefault = childrenOf(child(props[2], NS.fury, 'propertyValues'), NS.fury, 'propertyValue').find(
      (v) => child(v, NS.fury, 'value')?.attrs.default === 'true',
    );
    expect(childText(langDefault, NS.fury, 'value')).toBe('nl');
  });

  it('answers one key in the requested language', async () => {
    const c = await f.session();
    const r = await c.send(furyInfo(['NL_LEGAL_FORM'], 'nl'));
    const infData = find(r.root, NS.fury, 'infData');
    expect(childText(infData, NS.fury, 'language')).toBe('nl');
    const props = childrenOf(child(infData, NS.fury, 'properties'), NS.fury, 'property');
    expect(props).toHaveLength(1);
    expect(childText(props[0], NS.fury, 'localizedKey')).toBe('Rechtsvorm');
  });

  it('checks candidate values (fury:check)', async () => {
    const c = await f.session();
    const r = await c.send(furyCheck({ NL_LEGAL_FORM: ['BV', 'LTD'], NL_KVK_NUMBER: ['12345678'] }));
    expect(r.code).toBe(1000);
    expect((await new XsdValidator().validate(r.xml)).errors).toEqual([]);
    const results = childrenOf(find(r.root, NS.fury, 'chkData'), '*', 'properties')
      .flatMap((p) => childrenOf(p, NS.fury, 'property'))
      .flatMap((p) =>
        childrenOf(child(p, NS.fury, 'propertyValues'), NS.fury, 'propertyValue').map((v) => [
          childText(p, NS.fury, 'key'),
          childText(v, NS.fury, 'value'),
          childText(v, NS.fury, 'result'),
        ]),
      );
    expect(results).toEqual([
      ['NL_LEGAL_FORM', 'BV', 'VALID'],
      ['NL_LEGAL_FORM', 'LTD', 'INVALID'],
      ['NL_KVK_NUMBER', '12345678', 'VALID'],
    ]);
  });

  it('refuses the query when fury-2.1 was not selected at login (2307)', async () => {
    const c = await f.session(REG_A, [NS.rgp]);
    const r = await c.send(furyInfo());
    expect([r.code, r.ciraCode]).toEqual([2307, CiraCode.ExtensionNotSelected]);
  });
});
