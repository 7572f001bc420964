import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { PROCESSOR_METADATA } from './processor-coverage.check';
import { ALL_QUEUES, type QueueName } from './queue-definitions';

export interface QueueWorkerState {
  queue: QueueName;
  /** This process has a processor for the queue and its BullMQ worker is consuming. */
  running: boolean;
}

/** The worker process's consumers, queue by queue (readiness: are the processors registered and running?). */
@Injectable()
export class QueueWorkers {
  constructor(private readonly discovery: DiscoveryService) {}

  states(): QueueWorkerState[] {
    const running = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!(instance instanceof WorkerHost) || typeof wrapper.metatype !== 'function') continue;
      const meta = Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype) as { name?: string } | undefined;
      if (meta?.name && isConsuming(instance)) running.add(meta.name);
    }
    return ALL_QUEUES.map((queue) => ({ queue, running: running.has(queue) }));
  }
}

function isConsuming(host: WorkerHost): boolean {
  try {
    return host.worker.isRunning();
  } catch {
    // "Worker has not yet been initialized": before the module init, or not registered.
    return false;
  }
}
