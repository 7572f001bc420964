export async function prepareTemplateDatabase(): Promise<void> {
  // Filled in by the database lib (template DB migrated once, cloned per test file).
}
