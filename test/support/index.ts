export { eventually, startApi, startWorker, waitForQueuesDrained } from './apps';
export { createUser, createUserWithToken } from './factories';
export { testConfig } from './test-config';
export { PROJECT_ROOT } from './test-env';
