import type { NotificationIntent } from '@runvs/notifications';

/** The notifications events send (Korean, like the rest of the app's pushes). */
export const eventNotices = {
  /** To the organiser: someone joined their event. */
  joined(
    event: { id: string; title: string; creator_id: string },
    joiner: { id: string; nickname: string | null },
  ): NotificationIntent {
    return {
      userId: event.creator_id,
      actorId: joiner.id,
      type: 'event_joined',
      targetType: 'event',
      targetId: event.id,
      title: '이벤트 참가',
      body: `${joiner.nickname ?? '러너'}님이 "${event.title}"에 참가했어요.`,
      dedupeKey: `event_joined:${event.id}:${joiner.id}`,
      dedupeWindowSeconds: 3_600,
    };
  },
  /** To the participant: every target of the event reached. Once per event and runner. */
  completed(event: { id: string; title: string }, userId: string): NotificationIntent {
    return {
      userId,
      type: 'event_completed',
      targetType: 'event',
      targetId: event.id,
      title: '이벤트 완주! 🏅',
      body: `"${event.title}"의 목표를 달성했어요.`,
      dedupeKey: `event_completed:${event.id}`,
      dedupeWindowSeconds: 366 * 86_400,
    };
  },
  /** To each participant and the organiser: the event's course was deleted, so the event is cancelled. */
  courseDeleted(
    event: { id: string; title: string },
    userId: string,
    actorId: string | null,
  ): NotificationIntent {
    return {
      userId,
      actorId,
      type: 'event_cancelled',
      targetType: 'event',
      targetId: event.id,
      title: '이벤트 취소',
      body: `"${event.title}"의 코스가 삭제되어 이벤트가 취소되었어요.`,
      data: { reason: 'course_deleted' },
      dedupeKey: `event_cancelled:${event.id}`,
      dedupeWindowSeconds: 366 * 86_400,
    };
  },
  /** To each participant, shortly before the start. */
  reminder(
    event: { event_id: string; title: string; starts_at: Date },
    userId: string,
    minutesLeft: number,
  ): NotificationIntent {
    return {
      userId,
      type: 'event_reminder',
      targetType: 'event',
      targetId: event.event_id,
      title: '곧 이벤트가 시작돼요',
      body: `"${event.title}"이(가) ${Math.max(1, minutesLeft)}분 후에 시작해요.`,
      data: { starts_at: event.starts_at.toISOString() },
      dedupeKey: `event_reminder:${event.event_id}`,
      dedupeWindowSeconds: 366 * 86_400,
    };
  },
};
