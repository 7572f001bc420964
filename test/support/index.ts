export { eventually, startApi, startWorker, waitForQueuesDrained } from './apps';
export { createUser, createUserWithToken } from './factories';
export { testConfig } from './test-config';
export { PROJECT_ROOT } from './test-env';
export {
  createCourse,
  createRanking,
  createRunRecord,
  type CourseOverrides,
  type RunOverrides,
} from './course-run-factories';
