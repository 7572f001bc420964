export { detectImageType, type ImageType } from './images/image-type';
export {
  IMAGE_MAX_INPUT_PIXELS,
  IMAGE_MAX_SIDE,
  IMAGE_MIN_SIDE,
  type UploadedImage,
  ImageUploadsService,
} from './images/image-uploads.service';
export { LocalStorage } from './local-storage';
export {
  isPrivateKey,
  isValidKey,
  ObjectStorage,
  PRIVATE_KEY_PREFIX,
  type StoredObject,
} from './object-storage';
export { directBaseUrl, S3Storage } from './s3-storage';
export { createObjectStorage, LOCAL_UPLOADS_PATH, StorageModule } from './storage.module';
