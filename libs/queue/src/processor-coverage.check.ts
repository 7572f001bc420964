import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ALL_QUEUES, isQueueName } from './queue-definitions';

/** @nestjs/bullmq's metadata key for @Processor(). */
export const PROCESSOR_METADATA = 'bullmq:processor_metadata';

type AnyClass = abstract new (...args: never[]) => unknown;

/**
 * What stops a worker from consuming the queue table as defined: a queue with no processor or
 * with two, a processor for a queue the table does not have. Empty when all is well.
 */
export function queueProcessorProblems(processorClasses: AnyClass[]): string[] {
  const byQueue = new Map<string, string[]>();
  for (const cls of processorClasses) {
    const meta = Reflect.getMetadata(PROCESSOR_METADATA, cls) as { name?: string } | undefined;
    if (!meta?.name) continue;
    byQueue.set(meta.name, [...(byQueue.get(meta.name) ?? []), cls.name]);
  }
  const problems: string[] = [];
  for (const queue of ALL_QUEUES) {
    const processors = byQueue.get(queue) ?? [];
    if (processors.length === 0) problems.push(`no processor for queue ${queue}`);
    if (processors.length > 1)
      problems.push(`queue ${queue} has ${processors.length} processors (${processors.join(', ')})`);
  }
  for (const [queue, processors] of byQueue) {
    if (!isQueueName(queue))
      problems.push(`${processors.join(', ')} consume(s) ${queue}, which is not in the queue table`);
  }
  return problems;
}

/** Fails the worker at boot when the queue table and its processors disagree. */
@Injectable()
export class ProcessorCoverageCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const classes = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.metatype)
      .filter((metatype): metatype is AnyClass => typeof metatype === 'function');
    const problems = queueProcessorProblems(classes);
    if (problems.length > 0) {
      throw new Error(`Worker cannot start: ${problems.join('; ')}`);
    }
  }
}
