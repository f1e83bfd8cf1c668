// Starting MinIO: a container through testcontainers, or a local binary

export { DEFAULT_MINIO_IMAGE, findMinioBinary, MINIO_VERSION } from './defaults.js';
export { type MinioLauncher, type StartedMinio, type StartMinioOptions, startMinio } from './start-minio.js';

// Using a running MinIO: buckets, clients, restricted credentials

export {
  connectMinio,
  type MinioConnection,
  type MinioCredentials,
  type MinioInfo,
  type RestrictedCredentialsOptions,
} from './connect-minio.js';
