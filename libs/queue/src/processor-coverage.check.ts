import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ALL_QUEUES } from './queue-names';

/** @nestjs/bullmq's metadata key for @Processor(). */
const PROCESSOR_METADATA = 'bullmq:processor_metadata';

/** Names of the queues that have no @Processor among the given classes. */
export function queuesWithoutProcessor(
  processorClasses: Array<abstract new (...args: never[]) => unknown>,
): string[] {
  const covered = new Set<string>();
  for (const cls of processorClasses) {
    const meta = Reflect.getMetadata(PROCESSOR_METADATA, cls) as { name?: string } | undefined;
    if (meta?.name) covered.add(meta.name);
  }
  return ALL_QUEUES.filter((queue) => !covered.has(queue));
}

/** Fails the worker at boot when a queue would have nobody consuming it. */
@Injectable()
export class ProcessorCoverageCheck implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const classes = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.metatype)
      .filter(
        (metatype): metatype is abstract new (...args: never[]) => unknown => typeof metatype === 'function',
      );
    const missing = queuesWithoutProcessor(classes);
    if (missing.length > 0) {
      throw new Error(`Worker cannot start: no processor for queue(s) ${missing.join(', ')}`);
    }
  }
}
