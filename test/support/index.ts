export { eventually, startApi, startWorker, waitForQueuesDrained } from './apps';
export { createRunRecord, createUser, createUserWithToken, lineFrom } from './factories';
export { testConfig } from './test-config';
export { PROJECT_ROOT } from './test-env';
