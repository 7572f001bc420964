import {
  localDay,
  MAX_FRIENDS_NOTIFIED,
  mergePassedNotice,
  passedNotices,
  passedNoticeKey,
  passes,
  type BoardEntry,
} from './board-notices.rules';

const entry = (user_id: string, best_duration_seconds: number): BoardEntry => ({
  user_id,
  best_duration_seconds,
});
/** A board of `n` runners other than the mover, 1 s apart from `from` seconds. */
const board = (n: number, from = 300) => Array.from({ length: n }, (_, i) => entry(`u${i + 1}`, from + i));

describe('passes', () => {
  it('a tie beats no one, before or after', () => {
    expect(passes({ userId: 'me', newBestSeconds: 300, oldBestSeconds: null }, 300)).toBe(false);
    expect(passes({ userId: 'me', newBestSeconds: 290, oldBestSeconds: 300 }, 300)).toBe(false);
  });

  it('passes the runners between the new best and the old one', () => {
    const move = { userId: 'me', newBestSeconds: 290, oldBestSeconds: 320 };
    expect(passes(move, 291)).toBe(true);
    expect(passes(move, 319)).toBe(true);
    expect(passes(move, 289)).toBe(false);
    expect(passes(move, 330)).toBe(false);
  });
});

describe('passedNotices', () => {
  it('the former leader hears they lost first place', () => {
    expect(passedNotices({ userId: 'me', newBestSeconds: 299, oldBestSeconds: 301 }, board(3), [])).toEqual([
      { userId: 'u1', reasons: ['lost_first_place'] },
    ]);
  });

  it('a run that ties a whole board of equal times tells no one', () => {
    const tied = Array.from({ length: 30 }, (_, i) => entry(`u${i + 1}`, 300));
    expect(passedNotices({ userId: 'me', newBestSeconds: 300, oldBestSeconds: null }, tied, tied)).toEqual(
      [],
    );
  });

  it('the runner pushed from 10th to 11th hears they left the top 10', () => {
    // The mover was 15th (behind u1..u14) and now ranks 5th: u10 drops to 11th.
    const leaders = board(10);
    expect(
      passedNotices({ userId: 'me', newBestSeconds: 303.5, oldBestSeconds: 313.5 }, leaders, []),
    ).toEqual([{ userId: 'u10', reasons: ['left_top_10'] }]);
  });

  it('no one leaves the top 10 when the mover was already in it', () => {
    expect(
      passedNotices({ userId: 'me', newBestSeconds: 303.5, oldBestSeconds: 308.5 }, board(10), []),
    ).toEqual([]);
  });

  it('a newcomer who ties the 10th pushes no one out', () => {
    expect(passedNotices({ userId: 'me', newBestSeconds: 309, oldBestSeconds: null }, board(10), [])).toEqual(
      [],
    );
  });

  it('friends passed are told, at most MAX_FRIENDS_NOTIFIED of them, ties excluded', () => {
    const friends = [
      entry('tie', 400),
      ...board(MAX_FRIENDS_NOTIFIED + 5, 401).map((f) => entry(`f-${f.user_id}`, f.best_duration_seconds)),
    ];
    const notices = passedNotices(
      { userId: 'me', newBestSeconds: 400, oldBestSeconds: 500 },
      board(10, 100),
      friends,
    );
    expect(notices.every((n) => n.reasons.length === 1 && n.reasons[0] === 'friend_passed')).toBe(true);
    expect(notices.map((n) => n.userId)).not.toContain('tie');
    expect(notices.length).toBeLessThanOrEqual(MAX_FRIENDS_NOTIFIED);
  });

  it('one notice per recipient, reasons most important first; the fan-out is bounded whatever the board', () => {
    const leaders = board(10);
    const friends = [entry('u1', 300), entry('u10', 309)];
    const notices = passedNotices(
      { userId: 'me', newBestSeconds: 1, oldBestSeconds: null },
      leaders,
      friends,
    );
    expect(notices).toEqual([
      { userId: 'u1', reasons: ['lost_first_place', 'friend_passed'] },
      { userId: 'u10', reasons: ['left_top_10', 'friend_passed'] },
    ]);
    const many = board(MAX_FRIENDS_NOTIFIED * 100, 10);
    expect(
      passedNotices({ userId: 'me', newBestSeconds: 1, oldBestSeconds: null }, board(10, 2), many).length,
    ).toBeLessThanOrEqual(2 + MAX_FRIENDS_NOTIFIED);
  });

  it('never notifies the mover', () => {
    expect(
      passedNotices(
        { userId: 'u1', newBestSeconds: 1, oldBestSeconds: 300 },
        [entry('u1', 300)],
        [entry('u1', 300)],
      ),
    ).toEqual([]);
  });
});

describe('mergePassedNotice', () => {
  const pass = {
    courseId: 'c1',
    day: '2026-12-06',
    passerId: 'p1',
    passerName: '바람',
    courseTitle: '한강',
    runRecordId: 'r1',
  };

  it('a first pass is a notice of its own', () => {
    const notice = mergePassedNotice(null, { ...pass, reasons: ['lost_first_place'] });
    expect(notice).toEqual({
      title: '1위 자리를 내줬어요',
      body: '바람님이 한강 코스에서 회원님의 1위 기록을 앞질렀어요',
      data: {
        course_id: 'c1',
        day: '2026-12-06',
        reasons: ['lost_first_place'],
        passes: 1,
        passed_by: ['p1'],
        run_record_id: 'r1',
      },
    });
  });

  it('later passes the same day update it: reasons merged, passes counted, latest passer first', () => {
    const first = mergePassedNotice(null, { ...pass, reasons: ['friend_passed'] });
    expect(first.title).toBe('친구가 회원님을 앞질렀어요');
    const second = mergePassedNotice(first.data, {
      ...pass,
      passerId: 'p2',
      passerName: null,
      runRecordId: 'r2',
      reasons: ['left_top_10'],
    });
    expect(second).toEqual({
      title: 'TOP 10에서 밀려났어요',
      body: '오늘 한강 코스에서 2번 추월당했어요 (최근: 다른 러너님)',
      data: {
        course_id: 'c1',
        day: '2026-12-06',
        reasons: ['left_top_10', 'friend_passed'],
        passes: 2,
        passed_by: ['p2', 'p1'],
        run_record_id: 'r2',
      },
    });
  });

  it('remembers at most five passers', () => {
    let data = mergePassedNotice(null, { ...pass, reasons: ['left_top_10'] }).data;
    for (let i = 2; i <= 8; i++)
      data = mergePassedNotice(data, { ...pass, passerId: `p${i}`, reasons: ['left_top_10'] }).data;
    expect(data.passed_by).toEqual(['p8', 'p7', 'p6', 'p5', 'p4']);
    expect(data.passes).toBe(8);
  });
});

describe('localDay and passedNoticeKey', () => {
  it('the day is the recipient’s own', () => {
    const at = new Date('2026-12-06T16:30:00Z');
    expect(localDay(at, 'Asia/Seoul')).toBe('2026-12-07');
    expect(localDay(at, 'America/New_York')).toBe('2026-12-06');
    expect(localDay(at, 'Not/AZone')).toBe('2026-12-06');
    expect(passedNoticeKey('c1', '2026-12-07')).toBe('ranking_beaten:c1:2026-12-07');
  });
});
