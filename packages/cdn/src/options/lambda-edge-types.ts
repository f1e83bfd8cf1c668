/**
 * Option and resolved shapes of a behaviour's Lambda@Edge functions. The implementations live in
 * functions/lambda-edge-*.ts; options/ only names what they look like, so it imports no other folder.
 */

export type CfHeaders = Record<string, { key?: string; value: string }[]>;

export interface CfRequest {
  clientIp: string;
  headers: CfHeaders;
  method: string;
  querystring: string;
  uri: string;
  body?: {
    /** Read-only: whether the body was cut at 40 KB (viewer) / 1 MB (origin). Absent on a replacement. */
    inputTruncated?: boolean;
    action: 'read-only' | 'replace';
    encoding?: 'base64' | 'text';
    data: string;
  };
  origin?: Record<string, unknown>;
}

export interface CfResponse {
  status: string;
  statusDescription: string;
  headers: CfHeaders;
}

export interface CfConfig {
  distributionDomainName: string;
  distributionId: string;
  eventType: LambdaEventType;
  requestId: string;
}

export interface LambdaEdgeEvent {
  Records: [{ cf: { config: CfConfig; request: CfRequest; response?: CfResponse } }];
}

/** The Lambda context a handler gets (the fields a Lambda@Edge handler reads). */
export interface LambdaEdgeContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  /** Virtual milliseconds left before the timeout. */
  getRemainingTimeInMillis(): number;
}

/** Milliseconds or `'200ms'`, `'5s'`. */
type Duration = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`;

export type LambdaEventType = 'viewer-request' | 'viewer-response' | 'origin-request' | 'origin-response';

/**
 * A Lambda@Edge handler as the app deploys it: `(event, context)` returning a promise (async), or
 * `(event, context, callback)` calling `callback(error, result)`.
 */
export type LambdaEdgeHandler = {
  // Method syntax: a handler typed with @types/aws-lambda's CloudFrontRequestHandler is accepted too.
  handler(
    event: LambdaEdgeEvent,
    context: LambdaEdgeContext,
    callback: (error?: unknown, result?: unknown) => void,
  ): unknown;
}['handler'];

/** A Lambda@Edge function: the handler module the app deploys, and how long it takes on the virtual clock. */
export interface LambdaEdgeSource {
  /** The handler itself (`import { handler } from './edge/auth.js'`). */
  handler?: LambdaEdgeHandler;
  /** Or the module file that exports it (imported on first invocation). */
  file?: string;
  /** The export of `file` to call. Default `'handler'` (Lambda's `index.handler`). */
  export?: string;
  /**
   * The function's timeout, at most CloudFront's quota for the event (5 s viewer, 30 s origin);
   * default that quota.
   */
  timeout?: Duration;
  /** Virtual time each invocation takes, added after the handler settles. Default 0. */
  duration?: Duration;
  /** Virtual time added to the first invocation in each Region (a cold start). Default 0. */
  coldStart?: Duration;
}

export interface LambdaFunctionAssociationOptions {
  eventType: LambdaEventType;
  /** A numbered version's ARN (`arn:aws:lambda:us-east-1:123456789012:function:auth:3`) or a name, found in `lambdas`. */
  lambdaFunctionARN: string;
  /** Viewer-request and origin-request only: the request body is in the event (base64), §20. */
  includeBody?: boolean;
}

/** A compiled Lambda@Edge function (functions/lambda-edge-function.ts). */
export interface ResolvedLambda {
  /** The function name (from the ARN). */
  readonly name: string;
  readonly timeoutMs: number | undefined;
  readonly durationMs: number;
  readonly coldStartMs: number;
  /** The handler, loaded on first use. */
  handler(): Promise<LambdaEdgeHandler>;
  /** Whether the next invocation in `region` is a cold start (and marks it warm). */
  coldIn(region: string): boolean;
  /** Forgets warm Regions (cdn.reset()). */
  reset(): void;
}

export interface LambdaAssociation {
  readonly lambda: ResolvedLambda;
  /** The ARN (or name) the association gave. */
  readonly arn: string;
  readonly includeBody: boolean;
}

export interface BehaviorLambdas {
  viewerRequest: LambdaAssociation | undefined;
  viewerResponse: LambdaAssociation | undefined;
  originRequest: LambdaAssociation | undefined;
  originResponse: LambdaAssociation | undefined;
}
