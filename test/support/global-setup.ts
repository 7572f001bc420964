/**
 * Runs once before the e2e project: checks that PostgreSQL (with PostGIS available) and Redis
 * answer, then prepares the migrated template database every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const { prepareTemplateDatabase } = await import('./template-database');
  await prepareTemplateDatabase();
}
