import type { EppResponse, ResData } from '../../epp/codec/responses/types';
import { classifyPollMessage } from './poll-message-classifier';

function response(resData?: ResData, code = 1301): EppResponse {
  return {
    results: [{ code, message: 'ack to dequeue', values: [], extValues: [] }],
    msgQ: { count: 1, id: '7' },
    trID: { svTRID: 'SV-1' },
    resData,
    extensions: {},
    sidn: null,
    unhandled: [],
  };
}

describe('classifyPollMessage', () => {
  it('reads the sandbox purge notice as domain-purged', () => {
    expect(
      classifyPollMessage(response(), 'Domain example.nl purged: its redemption period ended', 'handoff'),
    ).toEqual({
      kind: 'domain-purged',
      objectType: 'domain',
      objectNames: ['example.nl'],
    });
  });

  it('reads a transfer with us as losing registrar (acID) as transferred away (RFC 5731 trnData)', () => {
    const trn: ResData = {
      type: 'domain:trnData',
      name: 'Shop.nl',
      trStatus: 'serverApproved',
      reID: 'other',
      reDate: '',
      acID: 'handoff',
      acDate: '',
    };
    expect(classifyPollMessage(response(trn), 'Transfer completed', 'handoff')).toMatchObject({
      kind: 'domain-transferred-away',
      objectNames: ['shop.nl'],
    });
  });

  it('a transfer towards us is not a transfer away', () => {
    const trn: ResData = {
      type: 'domain:trnData',
      name: 'shop.nl',
      trStatus: 'serverApproved',
      reID: 'handoff',
      reDate: '',
      acID: 'other',
      acDate: '',
    };
    expect(classifyPollMessage(response(trn), 'Transfer completed', 'handoff').kind).toBe('other');
  });

  it('reads DRS5 1103 registry-contacts-delete as contacts purged', () => {
    const data: ResData = { type: 'registryContactsDelete', ids: ['ABC123456-DEELN', 'XYZ000001-DEELN'] };
    expect(classifyPollMessage(response(data), '1103 Contacten verwijderd', 'handoff')).toEqual({
      kind: 'contacts-purged',
      objectType: 'contact',
      objectNames: ['ABC123456-DEELN', 'XYZ000001-DEELN'],
    });
  });

  it('reads a DRS5 pollData domain:delete with 2308 as delete rejected (poll 2018)', () => {
    const data: ResData = {
      type: 'sidn:pollData',
      command: 'domain:delete',
      data: response(undefined, 2308),
    };
    expect(
      classifyPollMessage(
        response(data),
        "2018 'Delete domain name' transaction for example.nl rejected",
        'handoff',
      ),
    ).toEqual({
      kind: 'delete-rejected',
      objectType: 'domain',
      objectNames: ['example.nl'],
      resultCode: 2308,
    });
  });

  it('anything else is other, with the domain it names if any', () => {
    expect(classifyPollMessage(response(), 'Transfer requested.', 'handoff')).toEqual({
      kind: 'other',
      objectNames: [],
    });
  });
});
