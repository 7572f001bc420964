import { queuesWithoutProcessor } from '@runvs/queue';
import { PROCESSORS } from './worker.module';

describe('worker processors', () => {
  it('cover every queue', () => {
    expect(queuesWithoutProcessor(PROCESSORS)).toEqual([]);
  });

  it('are reported missing when one is left out, which stops the worker at boot', () => {
    const withoutMaintenance = PROCESSORS.filter((processor) => processor.name !== 'MaintenanceProcessor');
    expect(queuesWithoutProcessor(withoutMaintenance)).toEqual(['maintenance']);
  });
});
