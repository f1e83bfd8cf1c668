import { createCdn, fromDistributionConfig, memoryOrigin } from '@edgecase/cdn';
import { type Row, row } from './row.js';

const origin = memoryOrigin();
const pass = async (event: { Records: [{ cf: { request: unknown } }] }) => event.Records[0].cf.request;
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function:auth:3';
const withLambdas =
  (lambdas: unknown, associations: unknown = []) =>
  () =>
    createCdn({
      origin,
      lambdas,
      defaultCacheBehavior: { lambdaFunctionAssociations: associations },
    } as never);
const associate = (association: unknown) => withLambdas({ auth: { handler: pass } }, [association]);

/** Lambda@Edge: the lambdas option and lambdaFunctionAssociations. */
export const lambdaEdgeRows: Row[] = [
  row('lambdas not an object', withLambdas('auth'), 'InvalidOption', '"auth"'),
  row(
    'lambda misspelt key',
    withLambdas({ auth: { handler: pass, timout: '1s' } }),
    'InvalidOption',
    'Did you mean "timeout"?',
  ),
  row('lambda with neither handler nor file', withLambdas({ auth: {} }), 'InvalidOption', '{}'),
  row(
    'lambda handler not a function',
    withLambdas({ auth: { handler: 'index.handler' } }),
    'InvalidOption',
    '"index.handler"',
  ),
  row(
    'lambda file missing',
    withLambdas({ auth: { file: '/nonexistent/auth.mjs' } }),
    'InvalidOption',
    '"/nonexistent/auth.mjs"',
  ),
  row(
    'lambda timeout past 30 s',
    withLambdas({ auth: { handler: pass, timeout: '31s' } }),
    'InvalidOption',
    '"31s"',
  ),
  row(
    'lambda duration negative',
    withLambdas({ auth: { handler: pass, duration: -1 } }),
    'InvalidDuration',
    '-1',
  ),
  row(
    'lambda association misspelt key',
    associate({ eventTyp: 'viewer-request', lambdaFunctionARN: ARN }),
    'InvalidOption',
    'Did you mean "eventType"?',
  ),
  row(
    'lambda association event type unknown',
    associate({ eventType: 'viewer-reqest', lambdaFunctionARN: ARN }),
    'InvalidOption',
    '"viewer-reqest"',
  ),
  row(
    'lambda association on $LATEST',
    associate({ eventType: 'viewer-request', lambdaFunctionARN: ARN.replace(':3', ':$LATEST') }),
    'InvalidOption',
    '$LATEST',
  ),
  row(
    'lambda association not in lambdas',
    associate({ eventType: 'viewer-request', lambdaFunctionARN: 'other' }),
    'NoSuchFunction',
    '"other"',
  ),
  row(
    'lambda includeBody on a response event',
    associate({ eventType: 'origin-response', lambdaFunctionARN: ARN, includeBody: true }),
    'InvalidOption',
    'true',
  ),
  row(
    'two origin-request lambdas',
    withLambdas({ auth: { handler: pass } }, [
      { eventType: 'origin-request', lambdaFunctionARN: ARN },
      { eventType: 'origin-request', lambdaFunctionARN: ARN },
    ]),
    'InvalidOption',
    '"origin-request"',
  ),
  row(
    'fromDistributionConfig lambdas misspelt',
    () =>
      fromDistributionConfig({ Origins: { Quantity: 0, Items: [] } } as never, {}, { lambda: {} } as never),
    'InvalidOption',
    'Did you mean "lambdas"?',
  ),
];
