import { DomainError } from '@runvs/common';
import { decodeCursor, encodeCursor } from './activity-feed.service';
import { courseLikeIntent, courseReviewIntent, followIntent, reviewReplyIntent } from './social-messages';

describe('activity feed cursor', () => {
  it('round-trips a PostgreSQL timestamp and id exactly', () => {
    const cursor = { at: '2026-12-02 04:00:00.123456+00', id: '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11' };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it('refuses anything it did not issue', () => {
    for (const bad of [
      'garbage',
      encodeCursor({ at: 'yesterday', id: '5b0c8f3e-9d3c-4c51-a0f8-0d6b3b9b2e11' }),
      encodeCursor({ at: '2026-12-02 04:00:00+00', id: "1' OR 1=1" }),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(DomainError);
    }
  });
});

describe('social notification texts', () => {
  const course = { id: 'c1', title: 'Namsan', creatorId: 'creator' };

  it('follow: the reference text, keyed per follower', () => {
    expect(followIntent('f1', 'alice', 'u2')).toMatchObject({
      userId: 'u2',
      actorId: 'f1',
      type: 'follow',
      targetType: 'user',
      targetId: 'f1',
      title: '새로운 팔로워',
      body: 'alice님이 회원님을 팔로우하기 시작했습니다.',
      dedupeKey: 'follow:f1',
    });
    expect(followIntent('f1', null, 'u2').body).toBe('러너님이 회원님을 팔로우하기 시작했습니다.');
  });

  it('like, review and reply go to the right person with the right target', () => {
    expect(courseLikeIntent(course, { id: 'l1', nickname: 'bob' })).toMatchObject({
      userId: 'creator',
      type: 'course_like',
      targetType: 'course',
      targetId: 'c1',
      dedupeKey: 'course_like:c1:l1',
    });
    const review = courseReviewIntent(
      course,
      { id: 'r1', nickname: 'bob' },
      { id: 'rev', rating: 4, content: null },
    );
    expect(review).toMatchObject({
      userId: 'creator',
      type: 'course_review',
      targetType: 'review',
      targetId: 'rev',
    });
    expect(review.body).toBe("bob님이 'Namsan' 코스에 리뷰를 남겼습니다. ★★★★");
    expect(reviewReplyIntent(course, 'maker', { id: 'rev', userId: 'r1' })).toMatchObject({
      userId: 'r1',
      actorId: 'creator',
      type: 'review_reply',
      targetId: 'rev',
    });
  });
});
