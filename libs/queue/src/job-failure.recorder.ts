import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobFailureEntity } from '@runvs/database';
import { DataSource } from 'typeorm';

@Injectable()
export class JobFailureRecorder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(failure: {
    queue: string;
    jobName: string;
    jobId: string | undefined;
    payload: unknown;
    error: string;
    attempts: number;
  }): Promise<void> {
    const repository = this.dataSource.getRepository(JobFailureEntity);
    const row = repository.create({
      queue: failure.queue,
      jobName: failure.jobName,
      jobId: failure.jobId ?? null,
      payload: (failure.payload ?? null) as Record<string, unknown> | null,
      error: failure.error.slice(0, 10_000),
      attempts: failure.attempts,
    });
    await repository.save(row);
  }
}
