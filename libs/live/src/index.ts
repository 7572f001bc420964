export {
  LIVE_EVENT_TYPES,
  type LiveAudience,
  type LiveEnvelope,
  type LiveEventType,
  type LiveMessage,
  liveChannel,
  parseEnvelope,
} from './live-events';
export { LiveAudienceRepository } from './live-audience.repository';
export { LiveModule } from './live.module';
export { LivePublisher } from './live.publisher';
