import { Processor } from '@nestjs/bullmq';
import { queueProcessorProblems } from '@runvs/queue';
import { PROCESSORS } from './worker.module';

describe('worker processors', () => {
  it('cover every queue of the queue table exactly once', () => {
    expect(queueProcessorProblems(PROCESSORS)).toEqual([]);
  });

  it('are reported missing when one is left out, which stops the worker at boot', () => {
    const withoutMaintenance = PROCESSORS.filter((processor) => processor.name !== 'MaintenanceProcessor');
    expect(queueProcessorProblems(withoutMaintenance)).toEqual(['no processor for queue maintenance']);
  });

  it('report a second processor for a queue and one for a queue the table does not have', () => {
    @Processor('maintenance')
    class SecondMaintenanceProcessor {}
    @Processor('no-such-queue')
    class StrayProcessor {}
    expect(queueProcessorProblems([...PROCESSORS, SecondMaintenanceProcessor, StrayProcessor])).toEqual([
      'queue maintenance has 2 processors (MaintenanceProcessor, SecondMaintenanceProcessor)',
      'StrayProcessor consume(s) no-such-queue, which is not in the queue table',
    ]);
  });
});
