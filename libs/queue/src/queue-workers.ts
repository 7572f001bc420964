import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Worker } from 'bullmq';
import { PROCESSOR_METADATA } from './processor-coverage.check';
import { ALL_QUEUES, isQueueName, type QueueName } from './queue-definitions';

export interface QueueWorkerState {
  queue: QueueName;
  /** This process has a processor for the queue and its BullMQ worker is consuming. */
  running: boolean;
}

/** The worker process's consumers (readiness: registered and running? metrics: job events). */
@Injectable()
export class QueueWorkers {
  constructor(private readonly discovery: DiscoveryService) {}

  /** The BullMQ worker of each queue this process consumes (after module init). */
  workers(): Array<{ queue: QueueName; worker: Worker }> {
    const found: Array<{ queue: QueueName; worker: Worker }> = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!(instance instanceof WorkerHost) || typeof wrapper.metatype !== 'function') continue;
      const meta = Reflect.getMetadata(PROCESSOR_METADATA, wrapper.metatype) as { name?: string } | undefined;
      const worker = workerOf(instance);
      if (meta?.name && isQueueName(meta.name) && worker) found.push({ queue: meta.name, worker });
    }
    return found;
  }

  states(): QueueWorkerState[] {
    const running = new Set(
      this.workers()
        .filter(({ worker }) => worker.isRunning())
        .map(({ queue }) => queue),
    );
    return ALL_QUEUES.map((queue) => ({ queue, running: running.has(queue) }));
  }
}

function workerOf(host: WorkerHost): Worker | undefined {
  try {
    return host.worker;
  } catch {
    // "Worker has not yet been initialized": before the module init, or not registered.
    return undefined;
  }
}
