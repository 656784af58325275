import { SandboxFaults } from './faults';

describe(SandboxFaults.name, () => {
  it('matches by command, registrar and wildcard, and counts down times', () => {
    const f = new SandboxFaults();
    f.inject({ command: 'domain:create', mode: 'answer-2400', times: 2 });
    f.inject({ command: '*', mode: 'drop-before-apply', registrar: 'b' });
    expect(f.take('contact:create', 'a')).toBeUndefined();
    expect(f.take('domain:create', 'a')?.mode).toBe('answer-2400');
    expect(f.take('domain:create', 'a')?.mode).toBe('answer-2400');
    expect(f.take('domain:create', 'a')).toBeUndefined();
    expect(f.take('poll', 'b')?.mode).toBe('drop-before-apply');
    expect(f.take('poll', 'b')?.mode).toBe('drop-before-apply');
    f.clear();
    expect(f.take('poll', 'b')).toBeUndefined();
  });

  it('needs delayMs for a delay', () => {
    expect(() => new SandboxFaults().inject({ command: '*', mode: 'delay' })).toThrow(RangeError);
  });
});
