import { eppLogger } from './epp-executor.factory';

describe(eppLogger.name, () => {
  let written: string[];
  let spy: jest.SpyInstance;
  beforeEach(() => {
    written = [];
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  });
  afterEach(() => spy.mockRestore());

  it('writes one JSON line per command at LOG_LEVEL info', () => {
    eppLogger('info').info({ event: 'epp.command', command: 'domain:check', resultCode: 1000 });
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0])).toMatchObject({
      level: 'info',
      command: 'domain:check',
      resultCode: 1000,
    });
  });

  it('keeps warnings but drops command lines at LOG_LEVEL warn', () => {
    const logger = eppLogger('warn');
    logger.info({ event: 'epp.command' });
    logger.warn({ event: 'epp.session.retired' });
    expect(written.map((l) => JSON.parse(l).event)).toEqual(['epp.session.retired']);
  });
});
