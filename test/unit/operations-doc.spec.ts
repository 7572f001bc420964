import { MetricsService } from '@runvs/observability';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../support/test-env';

/** docs/operations.md stays true: its alerts name metrics the processes really export. */
describe('docs/operations.md', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs/operations.md'), 'utf8');

  async function exportedMetricNames(): Promise<Set<string>> {
    const registered = (await new MetricsService().registry.getMetricsAsJSON()).map((metric) => metric.name);
    // The scrape-time gauges need Redis and PostgreSQL: read their names from their definitions.
    const folder = join(PROJECT_ROOT, 'libs/observability/src/metrics');
    const defined = readdirSync(folder)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [
        ...readFileSync(join(folder, file), 'utf8').matchAll(/name: '(runvs_[a-z0-9_]+)'/g),
      ])
      .map((match) => match[1]);
    return new Set([...registered, ...defined]);
  }

  it('alerts only on metrics that libs/observability exports', async () => {
    const exported = await exportedMetricNames();
    // Every runvs_ name of the alerts section, and metric-looking ones elsewhere (database names
    // such as runvs_restore_drill are not metrics).
    const alerts = doc.slice(doc.indexOf('## Metrics to alert on'));
    const elsewhere = (doc.replace(alerts, '').match(/\brunvs_[a-z0-9_]+/g) ?? []).filter((name) =>
      /^runvs_(http|queue|pipeline|outbox|cache|process|nodejs)_/.test(name),
    );
    const named = [...new Set([...(alerts.match(/\brunvs_[a-z0-9_]+/g) ?? []), ...elsewhere])]
      .filter((name) => !name.endsWith('_')) // prefixes such as runvs_process_*
      .map((name) => name.replace(/_(bucket|count|sum)$/, ''));
    expect(named.length).toBeGreaterThan(8);
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain('(docs/operations.md)');
  });
});
