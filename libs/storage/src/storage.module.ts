import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ImageUploadsService } from './images/image-uploads.service';
import { LocalStorage } from './local-storage';
import { ObjectStorage } from './object-storage';
import { S3Storage } from './s3-storage';

/** The local disk's public base: `<CDN_BASE_URL>` or `<PUBLIC_BASE_URL>/uploads`. */
export const LOCAL_UPLOADS_PATH = '/uploads';

export function createObjectStorage(config: AppConfig): ObjectStorage {
  if (config.storage.driver === 's3') return new S3Storage(config.storage);
  return new LocalStorage(
    config.storage.localDir,
    config.storage.cdnBaseUrl ?? `${config.app.publicBaseUrl}${LOCAL_UPLOADS_PATH}`,
    config.storage.localPrivateDir,
  );
}

/**
 * Provides `ObjectStorage` (inject the abstract class) app-wide, chosen by STORAGE_DRIVER, and the
 * photo uploads stored through it.
 */
@Global()
@Module({
  providers: [
    { provide: ObjectStorage, inject: [APP_CONFIG], useFactory: createObjectStorage },
    ImageUploadsService,
  ],
  exports: [ObjectStorage, ImageUploadsService],
})
export class StorageModule {}
