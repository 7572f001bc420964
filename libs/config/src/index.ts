export { type AppConfig, ConfigValidationError, loadConfig, type QueueConcurrency } from './app-config';
export { APP_CONFIG, ConfigModule } from './config.module';
export {
  APP_ENVS,
  type AppEnv,
  AUTH_PROVIDERS,
  type AuthProvider,
  DEVELOPMENT_JWT_SECRET,
} from './env.schema';
