import {
  CloudFrontClient,
  CloudFrontServiceException,
  CreateInvalidationCommand,
  GetDistributionCommand,
  GetDistributionConfigCommand,
  GetInvalidationCommand,
  IllegalUpdate,
  InconsistentQuantities,
  InvalidArgument,
  InvalidIfMatchVersion,
  ListInvalidationsCommand,
  MissingBody,
  NoSuchDistribution,
  NoSuchInvalidation,
  PreconditionFailed,
  TooManyInvalidationsInProgress,
  UpdateDistributionCommand,
} from '@aws-sdk/client-cloudfront';
import { type Cdn, checkOptionKeys, EdgecaseError, type Invalidation, optionKeys } from '@edgecase/cdn';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { invalidOption } from './options.js';
import { unsupportedCommand } from './unsupported-command.js';

export interface MockCloudFrontClientOptions {
  /** The client to route: one CloudFrontClient instance, or the class (default: every CloudFrontClient). */
  client?: CloudFrontClient | typeof CloudFrontClient;
  /**
   * The distribution id the app uses. Default: any id is this distribution. When given, another id
   * is NoSuchDistribution, as CloudFront answers.
   */
  distributionId?: string;
}

export type CloudFrontClientMock = AwsClientStub<CloudFrontClient>;

type Input = Record<string, unknown> & { DistributionId?: string };

const MODELLED_ERRORS: Record<string, new (options: never) => CloudFrontServiceException> = {
  InvalidArgument: InvalidArgument as never,
  TooManyInvalidationsInProgress: TooManyInvalidationsInProgress as never,
  NoSuchInvalidation: NoSuchInvalidation as never,
  NoSuchDistribution: NoSuchDistribution as never,
  InconsistentQuantities: InconsistentQuantities as never,
  MissingBody: MissingBody as never,
  PreconditionFailed: PreconditionFailed as never,
  InvalidIfMatchVersion: InvalidIfMatchVersion as never,
  IllegalUpdate: IllegalUpdate as never,
};

const STATUS: Record<string, number> = {
  InvalidArgument: 400,
  TooManyInvalidationsInProgress: 400,
  InconsistentQuantities: 400,
  MissingBody: 400,
  InvalidationBatchAlreadyExists: 409,
  NoSuchInvalidation: 404,
  NoSuchDistribution: 404,
  PreconditionFailed: 412,
  InvalidIfMatchVersion: 400,
  IllegalUpdate: 400,
};

/**
 * Routes an app's `@aws-sdk/client-cloudfront` CreateInvalidation, GetInvalidation and
 * ListInvalidations into the simulator through aws-sdk-client-mock, so a deploy script's real
 * invalidation code runs against `cdn`: the same path rules, CallerReference idempotency,
 * in-progress limits and InProgress → Completed on the CDN's clock (§6). Errors are the SDK's
 * exceptions CloudFront would cause (InvalidArgument, TooManyInvalidationsInProgress, ...).
 */
export function mockCloudFrontClient(
  cdn: Cdn,
  options: MockCloudFrontClientOptions = {},
): CloudFrontClientMock {
  if (typeof (cdn as { createInvalidation?: unknown } | undefined)?.createInvalidation !== 'function') {
    invalidOption('mockCloudFrontClient cdn', 'a Cdn from createCdn()', cdn);
  }
  checkOptionKeys(
    options,
    optionKeys<MockCloudFrontClientOptions>()(['client', 'distributionId']),
    'mockCloudFrontClient options',
  );
  const { distributionId } = options;
  if (distributionId !== undefined && (typeof distributionId !== 'string' || distributionId === '')) {
    invalidOption('mockCloudFrontClient distributionId', 'a non-empty string', distributionId);
  }
  let requestIds = 0;
  const $metadata = (status: number) => ({
    httpStatusCode: status,
    requestId: `edgecase-${(++requestIds).toString(16).padStart(8, '0')}`,
    attempts: 1,
    totalRetryDelay: 0,
  });
  const fail = (code: string, message: string) => {
    const Modelled = MODELLED_ERRORS[code];
    const metadata = $metadata(STATUS[code] ?? 400);
    const error = Modelled
      ? new Modelled({ $metadata: metadata, message, Message: message } as never)
      : new CloudFrontServiceException({ name: code, $fault: 'client', $metadata: metadata, message });
    return Object.assign(error, { Code: code });
  };
  const distribution = (input: Input) => {
    if (typeof input.DistributionId !== 'string' || input.DistributionId === '') {
      throw fail('InvalidArgument', 'DistributionId is required.');
    }
    if (distributionId !== undefined && input.DistributionId !== distributionId) {
      throw fail('NoSuchDistribution', 'The specified distribution does not exist.');
    }
    return input.DistributionId;
  };
  const translate = (error: unknown) => {
    if (!(error instanceof EdgecaseError)) return error;
    if (error.code in STATUS) return fail(error.code, error.message.replace(/^\[edgecase\] /, ''));
    return error;
  };
  const stub = mockClient(options.client ?? CloudFrontClient);
  // As mockS3Client: a command the simulator does not model fails loudly instead of answering undefined.
  stub
    .onAnyCommand()
    .callsFake(() =>
      Promise.reject(
        unsupportedCommand(stub.send, 'mockCloudFrontClient', [
          'CreateInvalidationCommand',
          'GetInvalidationCommand',
          'ListInvalidationsCommand',
          'GetDistributionCommand',
          'GetDistributionConfigCommand',
          'UpdateDistributionCommand',
        ]),
      ),
    );
  const on = (command: unknown, handler: (input: Input) => unknown) =>
    (stub.on as (command: unknown) => { callsFake(fn: (input: Input) => unknown): unknown })
      .call(stub, command)
      .callsFake(async (input: Input) => {
        try {
          return handler(input);
        } catch (error) {
          throw translate(error);
        }
      });

  on(CreateInvalidationCommand, (input) => {
    const id = distribution(input);
    const batch = input.InvalidationBatch as
      | { Paths?: { Quantity?: number; Items?: string[] }; CallerReference?: string }
      | undefined;
    if (batch === undefined) throw fail('MissingBody', 'This operation requires a body.');
    const items = batch.Paths?.Items ?? [];
    // API_Paths: Quantity must equal the number of Items.
    if (batch.Paths?.Quantity !== items.length) {
      throw fail(
        'InconsistentQuantities',
        `The value of Quantity and the size of Items don't match: Quantity ${batch.Paths?.Quantity}, ${items.length} items.`,
      );
    }
    const invalidation = cdn.createInvalidation(items, {
      ...(batch.CallerReference !== undefined ? { callerReference: batch.CallerReference } : {}),
    });
    return {
      Location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${id}/invalidation/${invalidation.id}`,
      Invalidation: describeInvalidation(invalidation),
      $metadata: $metadata(201),
    };
  });
  on(GetInvalidationCommand, (input) => {
    distribution(input);
    return {
      Invalidation: describeInvalidation(cdn.getInvalidation(String(input.Id))),
      $metadata: $metadata(200),
    };
  });
  on(ListInvalidationsCommand, (input) => {
    distribution(input);
    const maxItems = input.MaxItems === undefined ? 100 : Number(input.MaxItems);
    if (!Number.isInteger(maxItems) || maxItems < 1)
      throw fail('InvalidArgument', 'MaxItems must be a positive integer.');
    // Newest first, as ListInvalidations answers; Marker is the id the previous page ended with.
    const all = cdn.listInvalidations();
    const from = input.Marker ? all.findIndex((invalidation) => invalidation.id === input.Marker) + 1 : 0;
    const page = all.slice(from, from + maxItems);
    const isTruncated = from + maxItems < all.length;
    return {
      InvalidationList: {
        Marker: String(input.Marker ?? ''),
        MaxItems: maxItems,
        IsTruncated: isTruncated,
        ...(isTruncated ? { NextMarker: page.at(-1)?.id } : {}),
        Quantity: page.length,
        Items: page.map((invalidation) => ({
          Id: invalidation.id,
          CreateTime: invalidation.createTime,
          Status: invalidation.status,
        })),
      },
      $metadata: $metadata(200),
    };
  });
  // §13: GetDistribution, GetDistributionConfig and UpdateDistribution take the distribution as `Id`.
  const distributionById = (input: Input) => {
    const id = input.Id;
    if (typeof id !== 'string' || id === '') throw fail('InvalidArgument', 'Id is required.');
    if (distributionId !== undefined && id !== distributionId) {
      throw fail('NoSuchDistribution', 'The specified distribution does not exist.');
    }
    return id;
  };
  on(GetDistributionCommand, (input) => {
    const id = distributionById(input);
    const { ETag, DistributionConfig } = cdn.getDistributionConfig();
    return {
      ETag,
      Distribution: describeDistribution(cdn, id, DistributionConfig),
      $metadata: $metadata(200),
    };
  });
  on(GetDistributionConfigCommand, (input) => {
    distributionById(input);
    return { ...cdn.getDistributionConfig(), $metadata: $metadata(200) };
  });
  on(UpdateDistributionCommand, (input) => {
    const id = distributionById(input);
    if (input.DistributionConfig === undefined) throw fail('MissingBody', 'This operation requires a body.');
    cdn.updateDistributionConfig(input.DistributionConfig as never, { ifMatch: input.IfMatch as string });
    const { ETag, DistributionConfig } = cdn.getDistributionConfig();
    return {
      ETag,
      Distribution: describeDistribution(cdn, id, DistributionConfig),
      $metadata: $metadata(200),
    };
  });
  return stub;
}

/** API_Distribution: Status is InProgress until every edge location has the latest configuration. */
function describeDistribution(cdn: Cdn, id: string, config: unknown) {
  const deployment = cdn.deployment();
  return {
    Id: id,
    // §18: the ARN an OAC's requests carry as AWS:SourceArn (createCdn's `arn`), so a deploy script
    // that writes the bucket policy from GetDistribution's ARN grants the distribution it tests.
    ARN: cdn.arn,
    Status: deployment.status,
    LastModifiedTime: new Date(deployment.updatedAtMs),
    InProgressInvalidationBatches: cdn.listInvalidations().filter((i) => i.status === 'InProgress').length,
    DomainName: cdn.distribution.domainName,
    ActiveTrustedSigners: { Enabled: false, Quantity: 0 },
    ActiveTrustedKeyGroups: { Enabled: false, Quantity: 0 },
    DistributionConfig: config,
  };
}

function describeInvalidation(invalidation: Invalidation) {
  return {
    Id: invalidation.id,
    Status: invalidation.status,
    CreateTime: invalidation.createTime,
    InvalidationBatch: {
      Paths: { Quantity: invalidation.paths.length, Items: [...invalidation.paths] },
      CallerReference: invalidation.callerReference,
    },
  };
}
