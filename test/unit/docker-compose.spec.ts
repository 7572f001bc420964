import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Issue 14 item 4: the compose stack is production, and its secrets come from the environment. */
describe('docker/compose.yml', () => {
  const text = readFileSync(join(__dirname, '../../docker/compose.yml'), 'utf8');

  it('runs every service as production with dev login off', () => {
    expect(text).toMatch(/^\s+APP_ENV: production$/m);
    expect(text).toMatch(/^\s+DEV_LOGIN_ENABLED: "false"$/m);
    expect(text).not.toMatch(/APP_ENV: *"?development/);
  });

  it.each(['JWT_SECRET_KEY', 'ADMIN_CONSOLE_PASSWORD', 'POSTGRES_PASSWORD'])(
    'requires %s from the environment, with no default',
    (key) => {
      const uses = text.match(new RegExp(`\\$\\{${key}[^}]*\\}`, 'g')) ?? [];
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) expect(use).toMatch(new RegExp(`^\\$\\{${key}:\\?`));
    },
  );
});
