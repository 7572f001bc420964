import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError, notFound, type PageRequest } from '@runvs/common';
import { CacheScopes, CacheService } from '@runvs/cache';
import { NotificationsService } from '@runvs/notifications';
import { OutboxService } from '@runvs/queue';
import { DataSource, type EntityManager } from 'typeorm';
import { CourseStatsService } from '@runvs/courses';
import { CourseAccessRepository } from './course-access.repository';
import { type ReviewRecord, ReviewsRepository } from './reviews.repository';
import { courseReviewIntent, reviewReplyIntent } from './social-messages';
import type { ReviewInput, ReviewPage, ReviewResponse } from './social.types';

const emptyReview = () =>
  new DomainError('VALIDATION_ERROR', 'Invalid request: rating, content', {
    fields: [
      { field: 'rating', messages: ['a review needs a rating or a text'] },
      { field: 'content', messages: ['a review needs a rating or a text'] },
    ],
  });

/** Blank text counts as no text. */
const text = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/**
 * Course reviews: one per user per course (stars and/or text), edited or deleted by their author,
 * answered once (overwritable) by the course creator. Each change recounts the course's review
 * counters and average; a new review notifies the creator, a reply notifies the reviewer.
 */
@Injectable()
export class ReviewsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly courses: CourseAccessRepository,
    private readonly courseStats: CourseStatsService,
    private readonly repository: ReviewsRepository,
    private readonly notifications: NotificationsService,
    private readonly cache: CacheService,
  ) {}

  async create(userId: string, courseId: string, input: ReviewInput): Promise<ReviewResponse> {
    const rating = input.rating ?? null;
    const content = text(input.content);
    if (rating === null && content === null) throw emptyReview();
    const created = await this.outbox.transaction(async (manager, enqueue) => {
      const course = await this.courses.visibleCourse(manager, courseId, userId);
      await this.courseStats.lock(manager, course.id);
      const id = await this.repository.insert(manager, course.id, userId, rating, content);
      if (!id) throw new DomainError('DUPLICATE_REVIEW', 'You have already reviewed this course.');
      await this.courseStats.recountSocialCounters(manager, [course.id]);
      const review = await this.repository.response(manager, id);
      await this.notifications.notify(
        manager,
        courseReviewIntent(course, { id: userId, nickname: review.author.nickname }, { id, rating, content }),
        enqueue,
      );
      return review;
    });
    await this.invalidateCoursePage(courseId);
    return created;
  }

  async list(viewerId: string | null, courseId: string, page: PageRequest): Promise<ReviewPage> {
    const manager = this.dataSource.manager;
    await this.courses.visibleCourse(manager, courseId, viewerId);
    const { rows, total, avgRating } = await this.repository.page(manager, courseId, page, viewerId);
    return {
      data: rows,
      total_count: total,
      has_next: (page.page + 1) * page.perPage < total,
      avg_rating: avgRating,
    };
  }

  async mine(userId: string, courseId: string): Promise<ReviewResponse | null> {
    const manager = this.dataSource.manager;
    await this.courses.visibleCourse(manager, courseId, userId);
    return this.repository.mine(manager, courseId, userId);
  }

  /** Author only; `null` fields are left as they are, blank text clears the text. */
  async update(userId: string, reviewId: string, input: ReviewInput): Promise<ReviewResponse> {
    let courseId = '';
    const updated = await this.dataSource.transaction(async (manager) => {
      const review = await this.ownReview(manager, userId, reviewId);
      const rating = input.rating ?? review.rating;
      const content =
        input.content === undefined || input.content === null ? review.content : text(input.content);
      if (rating === null && content === null) throw emptyReview();
      courseId = review.courseId;
      await this.courseStats.lock(manager, review.courseId);
      await this.repository.update(manager, review.id, rating, content);
      await this.courseStats.recountSocialCounters(manager, [review.courseId]);
      return this.repository.response(manager, review.id);
    });
    await this.invalidateCoursePage(courseId);
    return updated;
  }

  async delete(userId: string, reviewId: string): Promise<void> {
    const courseId = await this.dataSource.transaction(async (manager) => {
      const review = await this.ownReview(manager, userId, reviewId);
      await this.courseStats.lock(manager, review.courseId);
      await this.repository.delete(manager, review.id);
      await this.courseStats.recountSocialCounters(manager, [review.courseId]);
      return review.courseId;
    });
    await this.invalidateCoursePage(courseId);
  }

  /** The course page shows the rating and the review count; called after the commit. */
  private invalidateCoursePage(courseId: string): Promise<void> {
    return this.cache.invalidate(CacheScopes.course(courseId));
  }

  /**
   * The course creator's answer (overwrites an earlier one). `courseId` is given on the client
   * path and must match; the seed path finds the course from the review.
   */
  async reply(userId: string, reviewId: string, content: string, courseId?: string): Promise<ReviewResponse> {
    const reply = text(content);
    if (reply === null) {
      throw new DomainError('VALIDATION_ERROR', 'Invalid request: content', {
        fields: [{ field: 'content', messages: ['content must not be blank'] }],
      });
    }
    return this.outbox.transaction(async (manager, enqueue) => {
      if (courseId) await this.courses.visibleCourse(manager, courseId, userId);
      const review = await this.repository.findOne(manager, reviewId, true);
      if (!review || (courseId && review.courseId !== courseId)) throw notFound('Review');
      const course = await this.courses.visibleCourse(manager, review.courseId, userId);
      if (course.creatorId !== userId) {
        throw new DomainError('FORBIDDEN', 'Only the course creator can reply to its reviews.');
      }
      await this.repository.reply(manager, review.id, reply);
      const creatorNickname = await this.courses.nicknameOf(manager, userId);
      await this.notifications.notify(manager, reviewReplyIntent(course, creatorNickname, review), enqueue);
      return this.repository.response(manager, review.id);
    });
  }

  private async ownReview(manager: EntityManager, userId: string, reviewId: string): Promise<ReviewRecord> {
    const review = await this.repository.findOne(manager, reviewId, true);
    if (!review) throw notFound('Review');
    if (review.userId !== userId) throw new DomainError('FORBIDDEN', 'You can only change your own review.');
    return review;
  }
}
