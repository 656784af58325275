import { OffsetClock } from './sandbox-clock';

describe(OffsetClock.name, () => {
  it('follows its base time plus what was advanced, and never goes back', () => {
    let base = 1000;
    const clock = new OffsetClock(() => base);
    clock.advance(500);
    base = 2000;
    expect(clock.now().getTime()).toBe(2500);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
