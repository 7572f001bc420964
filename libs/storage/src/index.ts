export { LocalStorage } from './local-storage';
export { isValidKey, ObjectStorage, type StoredObject } from './object-storage';
export { directBaseUrl, S3Storage } from './s3-storage';
export { createObjectStorage, LOCAL_UPLOADS_PATH, StorageModule } from './storage.module';
