/**
 * Our own timer time of a track: first to last fix minus the timer pauses recorded with it (the
 * runner's pause button, a file's timer stops) — the figure comparable with a device's or an app's
 * timer. Our moving time also leaves out stops the runner did not pause for, as a timer without
 * auto-pause does not.
 */
export function timerSecondsOfTrack(
  firstFixMs: number,
  lastFixMs: number,
  pauses: ReadonlyArray<{ start: number; end: number }>,
): number {
  let paused = 0;
  for (const pause of pauses) {
    const from = Math.max(firstFixMs, pause.start);
    const to = Math.min(lastFixMs, pause.end);
    if (to > from) paused += to - from;
  }
  return Math.round(Math.max(0, lastFixMs - firstFixMs - paused) / 1000);
}
