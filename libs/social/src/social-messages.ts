import type { NotificationIntent } from '@runvs/notifications';

/**
 * The texts of social notifications (Korean, like the app). The follow text is the reference
 * backend's; the others follow its style.
 */
const name = (nickname: string | null | undefined) => nickname || '러너';

export function followIntent(
  followerId: string,
  followerNickname: string | null,
  followedId: string,
): NotificationIntent {
  return {
    userId: followedId,
    actorId: followerId,
    type: 'follow',
    targetType: 'user',
    targetId: followerId,
    title: '새로운 팔로워',
    body: `${name(followerNickname)}님이 회원님을 팔로우하기 시작했습니다.`,
    data: { user_id: followerId },
    dedupeKey: `follow:${followerId}`,
  };
}

export function courseLikeIntent(
  course: { id: string; title: string; creatorId: string },
  liker: { id: string; nickname: string | null },
): NotificationIntent {
  return {
    userId: course.creatorId,
    actorId: liker.id,
    type: 'course_like',
    targetType: 'course',
    targetId: course.id,
    title: '코스 좋아요',
    body: `${name(liker.nickname)}님이 회원님의 코스 '${course.title}'을(를) 좋아합니다.`,
    data: { course_id: course.id },
    dedupeKey: `course_like:${course.id}:${liker.id}`,
  };
}

export function courseReviewIntent(
  course: { id: string; title: string; creatorId: string },
  reviewer: { id: string; nickname: string | null },
  review: { id: string; rating: number | null; content: string | null },
): NotificationIntent {
  const stars = review.rating ? ` ${'★'.repeat(review.rating)}` : '';
  return {
    userId: course.creatorId,
    actorId: reviewer.id,
    type: 'course_review',
    targetType: 'review',
    targetId: review.id,
    title: '새 리뷰',
    body: `${name(reviewer.nickname)}님이 '${course.title}' 코스에 리뷰를 남겼습니다.${stars}`,
    data: { course_id: course.id, review_id: review.id, rating: review.rating },
    dedupeKey: `course_review:${review.id}`,
  };
}

export function reviewReplyIntent(
  course: { id: string; title: string; creatorId: string },
  creatorNickname: string | null,
  review: { id: string; userId: string },
): NotificationIntent {
  return {
    userId: review.userId,
    actorId: course.creatorId,
    type: 'review_reply',
    targetType: 'review',
    targetId: review.id,
    title: '리뷰 답글',
    body: `${name(creatorNickname)}님이 '${course.title}' 코스 리뷰에 답글을 남겼습니다.`,
    data: { course_id: course.id, review_id: review.id },
    dedupeKey: `review_reply:${review.id}`,
  };
}

export function friendRequestIntent(
  requester: { id: string; nickname: string | null },
  recipientId: string,
  requestId: string,
): NotificationIntent {
  return {
    userId: recipientId,
    actorId: requester.id,
    type: 'friend_request',
    targetType: 'user',
    targetId: requester.id,
    title: '친구 요청',
    body: `${name(requester.nickname)}님이 친구 요청을 보냈습니다.`,
    data: { request_id: requestId, user_id: requester.id },
    dedupeKey: `friend_request:${requester.id}`,
  };
}

export function friendAcceptedIntent(
  accepter: { id: string; nickname: string | null },
  requesterId: string,
  requestId: string,
): NotificationIntent {
  return {
    userId: requesterId,
    actorId: accepter.id,
    type: 'friend_accepted',
    targetType: 'user',
    targetId: accepter.id,
    title: '친구 요청 수락',
    body: `${name(accepter.nickname)}님이 친구 요청을 수락했습니다.`,
    data: { request_id: requestId, user_id: accepter.id },
    dedupeKey: `friend_accepted:${requestId}`,
  };
}
