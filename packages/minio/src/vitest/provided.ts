import type { MinioInfo } from '../connect-minio.js';

/** What the global setup provides to test workers under `edgecaseMinio`. */
export type ProvidedMinio =
  | ({ available: true; launcher: 'container' | 'binary' } & MinioInfo)
  | { available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    edgecaseMinio: ProvidedMinio;
  }
}
