import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { OutboxService, QueueName, QueueRegistry } from '@runvs/queue';
import { createUser, startWorker, testConfig, waitForQueuesDrained } from '@runvs/testing';
import { DataSource } from 'typeorm';

const MINUTE = 60_000;

describe('event reminders (maintenance task)', () => {
  let worker: INestApplicationContext;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    config = testConfig();
    worker = await startWorker(config);
    dataSource = worker.get(DataSource);
  });

  afterAll(async () => {
    await worker?.close();
  });

  async function eventStartingIn(minutes: number, values: { isActive?: boolean } = {}): Promise<string> {
    const [row] = (await dataSource.query(
      `INSERT INTO events (title, starts_at, ends_at, is_active) VALUES ($1, $2, $3, $4) RETURNING id`,
      [
        `Run in ${minutes} min`,
        new Date(Date.now() + minutes * MINUTE),
        new Date(Date.now() + (minutes + 120) * MINUTE),
        values.isActive ?? true,
      ],
    )) as Array<{ id: string }>;
    return row.id;
  }

  const join = (eventId: string, userId: string) =>
    dataSource.query(`INSERT INTO event_participants (event_id, user_id) VALUES ($1, $2)`, [eventId, userId]);

  const runTask = async () => {
    await worker.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.Maintenance, { task: 'event-reminders' });
    });
    await waitForQueuesDrained(worker);
  };

  const reminders = () =>
    dataSource.query(
      `SELECT user_id, target_id, type, target_type, title, body FROM notifications WHERE type = 'event_reminder' ORDER BY user_id`,
    ) as Promise<
      Array<{ user_id: string; target_id: string; type: string; target_type: string; body: string }>
    >;

  it('is scheduled every five minutes', async () => {
    const schedulers = await worker.get(QueueRegistry).get(QueueName.Maintenance).getJobSchedulers();
    expect(schedulers.find((s) => s.key === 'maintenance_event-reminders')?.pattern).toBe('*/5 * * * *');
  });

  it('reminds every participant of an event starting within the hour, once', async () => {
    const [ana, ben, cho] = await Promise.all([0, 1, 2].map(() => createUser(dataSource)));
    const soon = await eventStartingIn(30);
    const later = await eventStartingIn(180);
    const cancelled = await eventStartingIn(20, { isActive: false });
    const started = await eventStartingIn(-5);
    await join(soon, ana.id);
    await join(soon, ben.id);
    for (const eventId of [later, cancelled, started]) await join(eventId, cho.id);

    await runTask();
    const sent = await reminders();
    expect(sent.map((r) => r.user_id).sort()).toEqual([ana.id, ben.id].sort());
    expect(sent.every((r) => r.target_id === soon && r.target_type === 'event')).toBe(true);
    expect(sent[0].body).toContain('Run in 30 min');

    // Running the task again (or a participant joining afterwards) does not remind twice.
    await join(soon, cho.id);
    await runTask();
    await runTask();
    expect(await reminders()).toHaveLength(2);
    const [row] = await dataSource.query(`SELECT reminder_sent_at FROM events WHERE id = $1`, [soon]);
    expect(row.reminder_sent_at).toBeInstanceOf(Date);
    const others = await dataSource.query(
      `SELECT count(*)::int AS n FROM events WHERE id = ANY($1::uuid[]) AND reminder_sent_at IS NOT NULL`,
      [[later, cancelled, started]],
    );
    expect(others[0].n).toBe(0);
  });

  it('reminds once when two runs of the task race', async () => {
    const runners = await Promise.all([0, 1, 2].map(() => createUser(dataSource)));
    const eventId = await eventStartingIn(10);
    for (const runner of runners) await join(eventId, runner.id);
    await Promise.all([runTask(), runTask(), runTask()]);
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE type = 'event_reminder' AND target_id = $1`,
      [eventId],
    );
    expect(row.n).toBe(3);
  });
});
