import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type Page, toPage } from '@runvs/common';
import { inTransaction } from '@runvs/database';
import { AuthStateService, isBanActive } from '@runvs/identity';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource } from 'typeorm';
import { AdminUsersService } from './admin-users.service';
import type { AdminBanAppealItem, BanAppealDecision, BanAppealQuery, BanAppealView } from './admin.types';
import { banAppealAnsweredIntent } from './ban-appeal-notices';
import { BanAppealsRepository, type CurrentBan, toAdminItem } from './ban-appeals.repository';

/** Bans with no recorded start (set by hand) are told apart as this one instant. */
const UNKNOWN_BAN_START = new Date(0);

const banStartOf = (ban: Pick<CurrentBan, 'banned_at'>): Date => ban.banned_at ?? UNKNOWN_BAN_START;

function ownView(item: AdminBanAppealItem): BanAppealView {
  const { user: _user, answered_by_id: _admin, ...view } = item;
  return view;
}

/**
 * Ban appeals: a banned runner (refused everywhere else with 403 USER_BANNED) appeals once per ban
 * with a message; admins list the appeals and answer — uphold, or lift, which lifts that very ban
 * in the same transaction — and the runner is told (inbox + push).
 */
@Injectable()
export class BanAppealsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly repository: BanAppealsRepository,
    private readonly users: AdminUsersService,
    private readonly authState: AuthStateService,
    private readonly notifications: NotificationsService,
  ) {}

  async appeal(userId: string, message: string): Promise<BanAppealView> {
    return inTransaction(this.dataSource, async (manager) => {
      const ban = await this.repository.lockUserBan(manager, userId);
      if (!ban) throw notFound('User');
      if (!isBanActive({ isBanned: ban.is_banned, bannedUntil: ban.banned_until })) {
        throw new DomainError('NOT_BANNED', 'Your account is not suspended; there is nothing to appeal.');
      }
      const id = await this.repository.insert(manager, {
        userId,
        banStartedAt: banStartOf(ban),
        banReason: ban.banned_reason,
        banUntil: ban.banned_until,
        message,
      });
      if (!id) throw new DomainError('ALREADY_APPEALED', 'You already appealed against this suspension.');
      return ownView(toAdminItem((await this.repository.find(manager, id))!));
    });
  }

  /** My latest appeal (JSON null when I never appealed). */
  async mine(userId: string): Promise<BanAppealView | null> {
    const row = await this.repository.latestOf(this.dataSource.manager, userId);
    return row ? ownView(toAdminItem(row)) : null;
  }

  async list(query: BanAppealQuery): Promise<Page<AdminBanAppealItem>> {
    const { rows, total } = await this.repository.list(this.dataSource.manager, query);
    return toPage(rows, total, query);
  }

  /**
   * Answers a pending appeal. `lift` lifts the ban the appeal is about when it still holds (a ban
   * that already ended, or a newer ban, is left alone); either way the answer is recorded once and
   * the runner is told.
   */
  async answer(
    adminId: string,
    appealId: string,
    decision: BanAppealDecision,
    response: string | null,
  ): Promise<AdminBanAppealItem> {
    let lifted = false;
    const item = await this.outbox.transaction(async (manager, enqueue) => {
      lifted = false;
      const appeal = await this.repository.find(manager, appealId, true);
      if (!appeal) throw notFound('Ban appeal');
      if (appeal.status !== 'pending') {
        throw new DomainError('APPEAL_ALREADY_ANSWERED', `This appeal was already ${appeal.status}.`);
      }
      const ban = await this.repository.lockUserBan(manager, appeal.user_id);
      const sameBanHolds =
        ban !== null &&
        isBanActive({ isBanned: ban.is_banned, bannedUntil: ban.banned_until }) &&
        banStartOf(ban).getTime() === appeal.ban_started_at.getTime();
      if (decision === 'lift' && sameBanHolds) {
        await this.users.liftBanInTransaction(manager, appeal.user_id);
        lifted = true;
      }
      const status = decision === 'lift' ? 'lifted' : 'upheld';
      await this.repository.answer(manager, appealId, { status, response, adminId });
      await this.notifications.notify(
        manager,
        banAppealAnsweredIntent({ id: appealId, userId: appeal.user_id }, status, response),
        enqueue,
      );
      return toAdminItem((await this.repository.find(manager, appealId))!);
    });
    if (lifted) await this.authState.invalidateUser(item.user.id);
    return item;
  }
}
