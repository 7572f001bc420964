import type { NotificationIntent } from '@runvs/notifications';

/** The answer to a ban appeal, told to its author (inbox + push; Korean like the app). */
export function banAppealAnsweredIntent(
  appeal: { id: string; userId: string },
  decision: 'upheld' | 'lifted',
  response: string | null,
): NotificationIntent {
  const outcome =
    decision === 'lifted'
      ? '이의 신청이 받아들여져 계정 이용 제한이 해제되었습니다.'
      : '이의 신청을 검토했지만 계정 이용 제한이 유지됩니다.';
  return {
    userId: appeal.userId,
    type: 'ban_appeal_answered',
    title: '이의 신청 결과',
    body: response ? `${outcome} ${response}` : outcome,
    data: { appeal_id: appeal.id, decision },
    dedupeKey: `ban_appeal_answered:${appeal.id}`,
    dedupeWindowSeconds: 366 * 86_400,
  };
}
