import { timerSecondsOfTrack } from './timer-time';

describe('timerSecondsOfTrack', () => {
  it('is first to last fix less the pauses recorded with the track', () => {
    const pauses = [
      { start: 60_000, end: 120_000 },
      { start: 500_000, end: 700_000 }, // runs past the last fix: only its part inside counts
    ];
    expect(timerSecondsOfTrack(0, 600_000, pauses)).toBe(600 - 60 - 100);
    expect(timerSecondsOfTrack(0, 600_000, [])).toBe(600);
  });

  it('counts a pause before the first fix as nothing', () => {
    expect(timerSecondsOfTrack(100_000, 200_000, [{ start: 0, end: 50_000 }])).toBe(100);
  });
});
