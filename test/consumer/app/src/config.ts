// The app's configuration, as production reads it from its environment.
export const config = {
  /** The CloudFront distribution's CNAME. */
  cdnUrl: process.env.ACME_CDN_URL ?? 'https://cdn.acme.test',
  /** The app's API, also reachable through the distribution under /api/*. */
  apiUrl: process.env.ACME_API_URL ?? 'https://api.acme.test',
  /** The bucket the app uploads to (the distribution's S3 origin). */
  bucket: process.env.ACME_ASSETS_BUCKET ?? 'acme-assets',
  /** The distribution, for invalidations. */
  distributionId: process.env.ACME_DISTRIBUTION_ID ?? 'E2ACMEEXAMPLE',
};
