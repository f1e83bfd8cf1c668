import {
  AccessDenied,
  NoSuchBucket,
  NoSuchKey,
  NoSuchUpload,
  NotFound,
  S3ServiceException,
} from '@aws-sdk/client-s3';

/** What S3 answered, as the SDK's deserializer turns it into an exception. */
export interface S3ErrorAnswer {
  status: number;
  /** S3's error code (the XML `<Code>`); absent for answers without a body (304, HEAD errors). */
  code?: string;
  message?: string;
  /** Extra members S3 puts in the XML error body (`Key`, `BucketName`, `Condition`, ...). */
  fields?: Record<string, string>;
  /** Response headers (lower-case), reachable as `error.$response.headers` as with a real answer. */
  headers?: Record<string, string>;
  requestId: string;
}

/** The messages S3 sends with the codes mockS3Client answers (S3 API "Error responses"). */
export const S3_MESSAGES: Record<string, string> = {
  AccessDenied: 'Access Denied',
  MalformedXML: 'The XML you provided was not well-formed or did not validate against our published schema',
  NoSuchKey: 'The specified key does not exist.',
  NoSuchBucket: 'The specified bucket does not exist',
  NoSuchUpload:
    'The specified multipart upload does not exist. The upload ID might be invalid, or the multipart upload might have been aborted or completed.',
  PreconditionFailed: 'At least one of the pre-conditions you specified did not hold',
  InvalidRange: 'The requested range is not satisfiable',
  InvalidPart:
    "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified entity tag might not have matched the part's entity tag.",
  InvalidPartOrder: 'The list of parts was not in ascending order. Parts must be ordered by part number.',
  InvalidRequest: 'Invalid Request',
  NoSuchCORSConfiguration: 'The CORS configuration does not exist',
  NoSuchBucketPolicy: 'The bucket policy does not exist',
  MalformedPolicy: "Policies must be valid JSON and the first byte must be '{'",
  BucketAlreadyOwnedByYou:
    'Your previous request to create the named bucket succeeded and you already own it.',
};

const MODELLED: Record<string, new (options: never) => S3ServiceException> = {
  AccessDenied: AccessDenied as never,
  NoSuchKey: NoSuchKey as never,
  NoSuchBucket: NoSuchBucket as never,
  NoSuchUpload: NoSuchUpload as never,
};

/**
 * The exception the SDK throws for `answer`, as observed against a real endpoint: a modelled class
 * where S3's model has one (AccessDenied, NoSuchKey, NoSuchBucket, NoSuchUpload; HEAD 404 is
 * `NotFound`),
 * otherwise `S3ServiceException` named after the code; answers without a body (304, HEAD errors)
 * carry no code and are named `Unknown` with message `UnknownError`.
 */
export function s3Exception(answer: S3ErrorAnswer): S3ServiceException {
  const $metadata = {
    httpStatusCode: answer.status,
    requestId: answer.requestId,
    attempts: 1,
    totalRetryDelay: 0,
  };
  const $fault = answer.status >= 500 ? 'server' : 'client';
  let error: S3ServiceException;
  if (answer.code === undefined) {
    error =
      answer.status === 404
        ? new NotFound({ $metadata, message: 'UnknownError' })
        : new S3ServiceException({ name: 'Unknown', $fault, $metadata, message: 'UnknownError' });
  } else {
    const message = answer.message ?? S3_MESSAGES[answer.code] ?? answer.code;
    const members = { Code: answer.code, ...answer.fields, RequestId: answer.requestId };
    const Modelled = MODELLED[answer.code];
    error = Modelled
      ? new Modelled({ $metadata, message, ...members } as never)
      : new S3ServiceException({ name: answer.code, $fault, $metadata, message });
    Object.assign(error, members);
  }
  Object.defineProperty(error, '$response', {
    value: { statusCode: answer.status, headers: { ...answer.headers }, body: undefined },
    enumerable: false,
    writable: true,
    configurable: true,
  });
  return error;
}
