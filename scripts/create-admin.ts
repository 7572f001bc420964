import 'reflect-metadata';
import { type AdminTarget, createOrPromoteAdmin } from '@runvs/admin';
import { loadConfig } from '@runvs/config';
import { dataSourceOptions } from '@runvs/database';
import { DataSource } from 'typeorm';
import { argument } from './cli-arguments';

const USAGE = `usage: npm run admin:create -- (--email <email> [--nickname <name>] | --id <uuid> | --user-code <code>)
       without arguments: promotes or creates INITIAL_ADMIN_EMAIL`;

/** Makes a user admin: creates or promotes the first admin from the command line or config. */
async function main(args: string[]): Promise<void> {
  if (args.includes('--help')) {
    console.log(USAGE);
    return;
  }
  const config = loadConfig();
  const id = argument(args, '--id', USAGE);
  const userCode = argument(args, '--user-code', USAGE);
  const email =
    argument(args, '--email', USAGE) ?? (id || userCode ? undefined : config.admin.initialAdminEmail);
  const nickname = argument(args, '--nickname', USAGE);
  let target: AdminTarget;
  if (id) target = { id };
  else if (userCode) target = { userCode };
  else if (email) target = { email, nickname };
  else throw new Error(`no admin given and INITIAL_ADMIN_EMAIL is not set\n${USAGE}`);

  const dataSource = new DataSource(dataSourceOptions(config, 'runvs-admin-create'));
  await dataSource.initialize();
  try {
    const result = await createOrPromoteAdmin(dataSource, target);
    console.log(
      `admin ${result.outcome}: id=${result.id} user_code=${result.user_code} email=${result.email ?? '-'}`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
