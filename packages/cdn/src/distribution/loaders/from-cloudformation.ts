import { describe, EdgecaseError, invalid } from '../../errors.js';
import type { DistributionOptions } from '../../options/config-types.js';
import type { CloudFrontFunctionSource } from '../../options/edge-code-types.js';
import type { LambdaEdgeSource } from '../../options/lambda-edge-types.js';
import type { KeyGroupOptions } from '../../options/signing-types.js';
import { checkOptionKeys, optionKeys } from '../../options/strict-keys.js';
import type { Origin } from '../../origin/types.js';
import type { CachePolicyConfigInput } from '../../policy/from-cache-policy-config.js';
import type { UnmodelledOption } from '../classify-fields.js';
import {
  type FromDistributionConfigOptions,
  loadDistributionConfig,
  type OriginAccessControlConfigInput,
  type VpcOriginEndpointConfig,
  type VpcOriginInput,
} from '../from-distribution-config.js';
import { apiTokens, renamePath } from '../source-paths.js';
import { textScalars } from './api-scalars.js';
import { type CfnContext, resolveIntrinsics, unresolvedDynamicReference } from './cfn-intrinsics.js';
import { parseTemplate } from './cfn-parse.js';
import {
  cachePolicyConfigFromCfn,
  cfnPolicyWords,
  cfnWords,
  distributionConfigFromCfn,
} from './cfn-shape.js';
import { givenFunction, mergeFunctions } from './function-sources.js';

export interface FromCloudFormationOptions {
  /** The `AWS::CloudFront::Distribution` to load, by logical id; needed when the template has several. */
  logicalId?: string;
  /** Values of the template's Parameters (others take their Default). */
  parameters?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /**
   * Your origin objects, keyed by the origin's `Id` or by its `DomainName` as the template resolves it
   * (CDK generates Ids such as `MyStackDistOrigin1A2B3C4D`: key those by domain name instead).
   */
  origins: Readonly<Record<string, Origin>>;
  /** `AWS::Region` for `Ref` and S3 domain names. Default `us-east-1`. */
  region?: string;
  /** As in `fromDistributionConfig`: what to do with fields edgecase does not model. */
  unmodelled?: UnmodelledOption;
  /**
   * CloudFront Functions' code by name or ARN, for functions the template does not define (an
   * `AWS::CloudFront::Function` of the template is read from its inline `FunctionCode`; an entry here
   * with its name replaces it, e.g. to attach a KeyValueStore).
   */
  functions?: Readonly<Record<string, CloudFrontFunctionSource>>;
  /** Key groups by id for TrustedKeyGroups the template does not define (its AWS::CloudFront::KeyGroup are read). */
  keyGroups?: Readonly<Record<string, KeyGroupOptions>>;
  /**
   * Lambda@Edge handlers by versioned ARN or function name. A template's `AWS::Lambda::Version`
   * (CDK's `currentVersion`) resolves to the ARN of version 1 of its function, named by the
   * function's `FunctionName` or, without one, its logical id: `{ AuthFunction: { file: './src/edge/auth.mjs' } }`.
   */
  lambdas?: Readonly<Record<string, LambdaEdgeSource>>;
  /**
   * Values of other stacks' exports that `Fn::ImportValue` reads (CDK's cross-stack references), by
   * export name: `{ imports: { 'shared-bucket-domain': 'assets.s3.us-east-1.amazonaws.com' } }`.
   */
  imports?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  /**
   * Values of dynamic references, by the reference as written: `{ dynamicReferences: {
   * '{{resolve:ssm:/site/prefix}}': '/v2' } }`. One left without a value where it changes what a
   * viewer gets (an origin's path or custom header, an alias, a path pattern, an error page) is an
   * error naming it; elsewhere it stays as written.
   */
  dynamicReferences?: Readonly<Record<string, string>>;
  /**
   * Other stacks' outputs that `Fn::GetStackOutput` reads (CDK's cross-Region references), by stack
   * name then output name: `{ stackOutputs: { 'cert-stack': { CertificateArn: 'arn:…' } } }`.
   */
  stackOutputs?: Readonly<
    Record<string, Readonly<Record<string, string | number | boolean | readonly string[]>>>
  >;
  /**
   * Custom policies the template names by id but does not define (one made in another stack or in
   * the console), keyed by that id, as `fromDistributionConfig` takes them; the template's own
   * `AWS::CloudFront::*Policy` resources are read from it.
   */
  cachePolicies?: FromDistributionConfigOptions['cachePolicies'];
  /** As `cachePolicies`, for origin request policies the template names by id. */
  originRequestPolicies?: FromDistributionConfigOptions['originRequestPolicies'];
  /** As `cachePolicies`, for response headers policies the template names by id. */
  responseHeadersPolicies?: FromDistributionConfigOptions['responseHeadersPolicies'];
  /**
   * VPC origins an origin names by an id the template does not define, keyed by that id, as
   * `fromDistributionConfig` takes them; the template's own `AWS::CloudFront::VpcOrigin` resources
   * are read from it.
   */
  vpcOrigins?: FromDistributionConfigOptions['vpcOrigins'];
}

const KEYS = optionKeys<FromCloudFormationOptions>()([
  'logicalId',
  'parameters',
  'origins',
  'region',
  'unmodelled',
  'functions',
  'keyGroups',
  'lambdas',
  'cachePolicies',
  'originRequestPolicies',
  'responseHeadersPolicies',
  'vpcOrigins',
  'imports',
  'dynamicReferences',
  'stackOutputs',
]);
const DISTRIBUTION = 'AWS::CloudFront::Distribution';

/**
 * Loads the distribution a CloudFormation template (or CDK's synthesized `*.template.json`) deploys:
 * the template as an object or as JSON/YAML text (short-form tags included), intrinsics resolved
 * with the template's parameters, conditions and mappings, cache policies defined in the same
 * template used by reference. Returns the options `createCdn` takes, like `fromDistributionConfig`,
 * and classifies every field the same way (nothing silently dropped).
 */
export function fromCloudFormation(
  template: unknown,
  options: FromCloudFormationOptions,
): DistributionOptions {
  checkOptionKeys(options, KEYS, 'fromCloudFormation options');
  const parsed = parseTemplate(template);
  const resources = parsed.Resources as Record<
    string,
    { Type?: string; Properties?: Record<string, unknown> }
  >;
  const logicalId = pickDistribution(resources, options.logicalId);
  const region = options.region ?? 'us-east-1';
  const cachePolicies: Record<string, CachePolicyConfigInput> = {};
  const originRequestPolicies: Record<string, Record<string, unknown>> = {};
  const responseHeadersPolicies: Record<string, Record<string, unknown>> = {};
  const functions: Record<string, CloudFrontFunctionSource> = {};
  const keyGroups: Record<string, KeyGroupOptions> = {};
  const originAccessControls: Record<string, OriginAccessControlConfigInput> = {};
  const vpcOrigins: Record<string, VpcOriginInput> = {};
  const publicKeyPems = new Map<string, string>();
  const ctx: CfnContext = {
    template: parsed,
    parameters: options.parameters ?? {},
    ...(options.imports !== undefined ? { imports: options.imports } : {}),
    ...(options.dynamicReferences !== undefined ? { dynamicReferences: options.dynamicReferences } : {}),
    ...(options.stackOutputs !== undefined ? { stackOutputs: options.stackOutputs } : {}),
    region,
    generated: (id) => samGenerated(parsed, id) !== undefined,
    resourceRef(id, attribute, path) {
      // What SAM's transform generates for an AWS::Serverless::Function (SAM developer guide,
      // "Generated AWS CloudFormation resources"): `Fn.Version` is its published version (the first:
      // 1), `Fn.Alias` its AutoPublishAlias, `FnUrl` its function URL; the implicit APIs stand for themselves.
      const sam = samGenerated(parsed, id);
      if (sam !== undefined) {
        const name = sam.fn === undefined ? id : lambdaFunctionName(resources, sam.fn, ctx);
        if (sam.kind === 'version') return `arn:aws:lambda:${region}:123456789012:function:${name}:1`;
        if (sam.kind === 'alias')
          return `arn:aws:lambda:${region}:123456789012:function:${name}:${sam.alias}`;
        if (sam.kind === 'url' && attribute === 'FunctionUrl')
          return `https://cfn-${id.toLowerCase()}.lambda-url.${region}.on.aws/`;
        return attribute === undefined ? `cfn:${id}` : `cfn:${id}.${attribute}`;
      }
      const resource = resources[id];
      if (
        resource?.Type === 'AWS::CloudFront::CachePolicy' &&
        (attribute === undefined || attribute === 'Id')
      ) {
        // The policy is in the template: the behaviours use it by this id (§1.1 custom policies),
        // resolved once however many of them refer to it.
        if (`cfn:${id}` in cachePolicies) return `cfn:${id}`;
        const config = resolveIntrinsics(
          resource.Properties?.CachePolicyConfig,
          ctx,
          `Resources.${id}.Properties.CachePolicyConfig`,
        );
        cachePolicies[`cfn:${id}`] = cachePolicyConfigFromCfn(
          config as Record<string, unknown>,
        ) as CachePolicyConfigInput;
        return `cfn:${id}`;
      }
      const policyKind = POLICY_TYPES[resource?.Type ?? ''];
      if (policyKind !== undefined && (attribute === undefined || attribute === 'Id')) {
        // An origin request or response headers policy of the template (§15, §16), as cache policies.
        const record = policyKind === 'OriginRequestPolicy' ? originRequestPolicies : responseHeadersPolicies;
        if (!(`cfn:${id}` in record)) {
          record[`cfn:${id}`] = textScalars(
            resolveIntrinsics(
              resource?.Properties?.[`${policyKind}Config`],
              ctx,
              `Resources.${id}.Properties.${policyKind}Config`,
            ),
          ) as Record<string, unknown>;
        }
        return `cfn:${id}`;
      }
      if (resource?.Type === 'AWS::S3::Bucket') {
        const name = resolveIntrinsics(
          resource.Properties?.BucketName,
          ctx,
          `Resources.${id}.Properties.BucketName`,
        );
        // AWS::S3::Bucket return values: Ref is the bucket's name; DomainName, RegionalDomainName,
        // WebsiteURL derive from it (a bucket without BucketName gets one at deploy: its id, here).
        const bucket = typeof name === 'string' ? name : id.toLowerCase();
        if (attribute === undefined) return bucket;
        if (attribute === 'DomainName') return `${bucket}.s3.amazonaws.com`;
        if (/DomainName$/.test(attribute)) return `${bucket}.s3.${region}.amazonaws.com`;
        if (attribute === 'WebsiteURL') return `http://${bucket}.s3-website-${region}.amazonaws.com`;
      }
      // AWS::ApiGateway::Stage: Ref is the stage's name, which an API origin's OriginPath carries.
      if (resource?.Type === 'AWS::ApiGateway::Stage' && attribute === undefined) {
        const stage = resolveIntrinsics(
          resource.Properties?.StageName,
          ctx,
          `Resources.${id}.Properties.StageName`,
        );
        if (typeof stage === 'string') return stage;
      }
      // AWS::Lambda::Url: FunctionUrl is https://<url-id>.lambda-url.<region>.on.aws/ (the id is
      // known after deploying; the origin is matched by its Id).
      if (resource?.Type === 'AWS::Lambda::Url' && attribute === 'FunctionUrl')
        return `https://cfn-${id.toLowerCase()}.lambda-url.${region}.on.aws/`;
      if (
        resource?.Type === 'AWS::CloudFront::Function' &&
        (attribute === undefined ||
          attribute === 'FunctionARN' ||
          attribute === 'FunctionMetadata.FunctionARN')
      ) {
        // §10: the function's code is inline (FunctionCode); Ref and GetAtt FunctionARN give its ARN.
        const props = resolveIntrinsics(resource.Properties, ctx, `Resources.${id}.Properties`) as {
          Name?: unknown;
          FunctionCode?: unknown;
          FunctionConfig?: { Runtime?: unknown };
          AutoPublish?: unknown;
        };
        const name = typeof props?.Name === 'string' ? props.Name : id;
        // AWS::CloudFront::Function AutoPublish: only `true` publishes the code to the LIVE stage a
        // distribution runs; otherwise it stays in DEVELOPMENT (the live code, if any, is elsewhere).
        if (
          props?.AutoPublish !== true &&
          props?.AutoPublish !== 'true' &&
          givenFunction(options.functions, name) === undefined
        )
          throw new EdgecaseError(
            'InvalidOption',
            `Resources.${id}.Properties.AutoPublish: expected true (a distribution runs the function's LIVE stage), got ${describe(props?.AutoPublish)}: this code stays in the DEVELOPMENT stage.`,
            {
              value: props?.AutoPublish,
              hint: `Set AutoPublish: true, or give the code that is live: fromCloudFormation(template, { functions: { ${JSON.stringify(name)}: { file: './path/to/live.js' } } }).`,
            },
          );
        const arn = `arn:aws:cloudfront::123456789012:function/${name}`;
        if (typeof props?.FunctionCode !== 'string')
          invalid(
            'InvalidOption',
            `Resources.${id}.Properties.FunctionCode`,
            'the function source text',
            props?.FunctionCode,
          );
        functions[name] ??= {
          code: props.FunctionCode as string,
          ...(props.FunctionConfig?.Runtime !== undefined
            ? { runtime: props.FunctionConfig.Runtime as never }
            : {}),
        };
        // §10: a function associated with a KeyValueStore reads its keys, which the template does not
        // hold (they are imported or written after deploying): the test gives them.
        const stores = (props.FunctionConfig as { KeyValueStoreAssociations?: unknown } | undefined)
          ?.KeyValueStoreAssociations;
        if (
          Array.isArray(stores) &&
          stores.length > 0 &&
          givenFunction(options.functions, name)?.keyValueStore === undefined
        ) {
          throw new EdgecaseError(
            'InvalidOption',
            `Resources.${id}.Properties.FunctionConfig.KeyValueStoreAssociations: expected the keys of the function's KeyValueStore, got ${describe(stores)}, whose keys the template does not hold.`,
            {
              value: stores,
              hint: `Give the store's keys: fromCloudFormation(template, { functions: { ${JSON.stringify(name)}: { keyValueStore: { key: 'value' } } } }) (the code stays the template's).`,
            },
          );
        }
        return arn;
      }
      if (resource?.Type === 'AWS::CloudFront::KeyGroup' && attribute === undefined) {
        // §9: the key group's public keys (AWS::CloudFront::PublicKey of the template, by Ref).
        const config = resolveIntrinsics(
          resource.Properties?.KeyGroupConfig,
          ctx,
          `Resources.${id}.Properties.KeyGroupConfig`,
        ) as {
          Items?: unknown;
        };
        const publicKeys: Record<string, string> = {};
        for (const item of Array.isArray(config?.Items) ? config.Items : []) {
          const keyId = String(item);
          const pem = publicKeyPems.get(keyId);
          if (pem !== undefined) publicKeys[keyId] = pem;
        }
        keyGroups[`cfn:${id}`] ??= { publicKeys };
        return `cfn:${id}`;
      }
      if (resource?.Type === 'AWS::CloudFront::PublicKey' && attribute === undefined) {
        const config = resolveIntrinsics(
          resource.Properties?.PublicKeyConfig,
          ctx,
          `Resources.${id}.Properties.PublicKeyConfig`,
        ) as {
          EncodedKey?: unknown;
        };
        if (typeof config?.EncodedKey === 'string') publicKeyPems.set(`cfn:${id}`, config.EncodedKey);
        return `cfn:${id}`;
      }
      if (
        resource?.Type === 'AWS::CloudFront::VpcOrigin' &&
        (attribute === undefined || attribute === 'Id')
      ) {
        // §8: the template's VPC origin (Ref and GetAtt Id give its id): how CloudFront connects to it.
        vpcOrigins[`cfn:${id}`] ??= {
          VpcOriginEndpointConfig: cfnVpcEndpoint(
            resolveIntrinsics(
              resource.Properties?.VpcOriginEndpointConfig,
              ctx,
              `Resources.${id}.Properties.VpcOriginEndpointConfig`,
            ),
          ),
        };
        return `cfn:${id}`;
      }
      if (
        resource?.Type === 'AWS::CloudFront::OriginAccessControl' &&
        (attribute === undefined || attribute === 'Id')
      ) {
        // §18: the template's OAC (Ref and GetAtt Id give its id), with its signing behaviour.
        originAccessControls[`cfn:${id}`] ??= resolveIntrinsics(
          resource.Properties?.OriginAccessControlConfig,
          ctx,
          `Resources.${id}.Properties.OriginAccessControlConfig`,
        ) as OriginAccessControlConfigInput;
        return `cfn:${id}`;
      }
      // §20: a Lambda@Edge association names a numbered version; its handler comes from options.lambdas.
      if (
        (resource?.Type === 'AWS::Lambda::Function' || resource?.Type === 'AWS::Serverless::Function') &&
        (attribute === undefined || attribute === 'Arn')
      ) {
        const name = lambdaFunctionName(resources, id, ctx);
        return attribute === undefined ? name : `arn:aws:lambda:${region}:123456789012:function:${name}`;
      }
      // AWS::Lambda::Version: Ref is the version's ARN, GetAtt Version its number (the first: 1).
      if (resource?.Type === 'AWS::Lambda::Version' && attribute === 'Version') return '1';
      if (resource?.Type === 'AWS::Lambda::Version' && attribute === undefined) {
        const target = resolveIntrinsics(
          resource.Properties?.FunctionName,
          ctx,
          `Resources.${id}.Properties.FunctionName`,
        );
        const name =
          typeof target === 'string' ? (target.split(':function:')[1]?.split(':')[0] ?? target) : id;
        return `arn:aws:lambda:us-east-1:123456789012:function:${name}:1`;
      }
      if (resource === undefined) invalid('InvalidOption', path, 'a resource of the template', id);
      // Any other resource (a key group, a function, a WAF ACL, an OAC...) stands for itself: the field
      // it fills is classified like any other (a key group in use is UnmodelledFeature).
      return attribute === undefined ? `cfn:${id}` : `cfn:${id}.${attribute}`;
    },
  };
  // Resources: a resource whose Condition is false is not created: no distribution to load.
  const condition = (resources[logicalId] as { Condition?: unknown } | undefined)?.Condition;
  if (
    condition !== undefined &&
    resolveIntrinsics({ 'Fn::If': [condition, true, false] }, ctx, `Resources.${logicalId}.Condition`) !==
      true
  ) {
    invalid(
      'InvalidOption',
      `Resources.${logicalId}.Condition`,
      'a Condition true with these parameters (the stack creates no distribution otherwise)',
      condition,
      'Pass the parameters that make it true in { parameters }.',
    );
  }
  const path = `Resources.${logicalId}.Properties.DistributionConfig`;
  const resolved = resolveIntrinsics(resources[logicalId]?.Properties?.DistributionConfig, ctx, path);
  if (typeof resolved !== 'object' || resolved === null)
    invalid('InvalidOption', path, 'a DistributionConfig', resolved);
  unknownValues(resolved as Record<string, unknown>, path);
  const config = distributionConfigFromCfn(resolved as Record<string, unknown>, path);
  const origins = originsById(config, options.origins);
  const loaderOptions = {
    cachePolicies: { ...options.cachePolicies, ...cachePolicies },
    originRequestPolicies: { ...options.originRequestPolicies, ...originRequestPolicies },
    responseHeadersPolicies: { ...options.responseHeadersPolicies, ...responseHeadersPolicies },
    ...(options.unmodelled !== undefined ? { unmodelled: options.unmodelled } : {}),
    ...(Object.keys(originAccessControls).length > 0 ? { originAccessControls } : {}),
    ...(Object.keys(vpcOrigins).length > 0 || options.vpcOrigins
      ? { vpcOrigins: { ...options.vpcOrigins, ...vpcOrigins } }
      : {}),
    ...(Object.keys(keyGroups).length > 0 || options.keyGroups
      ? { keyGroups: { ...keyGroups, ...options.keyGroups } }
      : {}),
    ...(Object.keys(functions).length > 0 || options.functions
      ? { functions: mergeFunctions(functions, options.functions) }
      : {}),
    ...(options.lambdas ? { lambdas: options.lambdas } : {}),
  };
  try {
    return loadDistributionConfig(
      { DistributionConfig: config },
      origins,
      loaderOptions,
      cfnWords(logicalId),
      cfnPolicyWords,
    );
  } catch (error) {
    // A policy the template declares is named by its resource, not by the id edgecase gave it.
    throw renamePath(error, (path) => {
      const policy =
        /^(cachePolicies|originRequestPolicies|responseHeadersPolicies)\["(cfn:[^".]+)"\](.*)$/.exec(path);
      if (!policy) return undefined;
      const field = {
        cachePolicies: 'CachePolicyId',
        originRequestPolicies: 'OriginRequestPolicyId',
        responseHeadersPolicies: 'ResponseHeadersPolicyId',
      }[policy[1] as 'cachePolicies'] as 'CachePolicyId';
      const rest = (policy[3] as string).replace(
        /^\.(CachePolicyConfig|OriginRequestPolicyConfig|ResponseHeadersPolicyConfig)/,
        '',
      );
      return cfnPolicyWords(field, policy[2] as string, apiTokens(rest));
    });
  }
}

/**
 * An `AWS::CloudFront::VpcOrigin`'s VpcOriginEndpointConfig in the API's shape (CloudFormation writes
 * `OriginSSLProtocols` as a list); numbers written as text are read as numbers.
 */
function cfnVpcEndpoint(written: unknown): VpcOriginEndpointConfig {
  const endpoint = (textScalars(written) ?? {}) as Record<string, unknown>;
  const { OriginSSLProtocols, ...rest } = endpoint;
  return rest as VpcOriginEndpointConfig;
}

/** An `AWS::Lambda::Function`'s name: its FunctionName, or its logical id when it has none. */
function lambdaFunctionName(
  resources: Record<string, { Type?: string; Properties?: Record<string, unknown> }>,
  id: string,
  ctx: CfnContext,
): string {
  const name = resolveIntrinsics(
    resources[id]?.Properties?.FunctionName,
    ctx,
    `Resources.${id}.Properties.FunctionName`,
  );
  return typeof name === 'string' ? name : id;
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** A resource SAM's transform generates, when the template uses it and `id` is not in the template. */
function samGenerated(
  template: Record<string, unknown>,
  id: string,
): { kind: 'version' | 'alias' | 'url' | 'api'; fn?: string; alias?: string } | undefined {
  const resources = (template.Resources ?? {}) as Record<
    string,
    { Type?: string; Properties?: Record<string, unknown> } | undefined
  >;
  if (id in resources || ![template.Transform].flat().includes(SAM_TRANSFORM)) return undefined;
  if (id === 'ServerlessRestApi' || id === 'ServerlessHttpApi') return { kind: 'api' };
  const fn = (name: string) =>
    resources[name]?.Type === 'AWS::Serverless::Function' ? resources[name] : undefined;
  const qualified = /^(.+)\.(Version|Alias)$/.exec(id);
  if (qualified?.[1] !== undefined && fn(qualified[1]) !== undefined) {
    const alias = fn(qualified[1])?.Properties?.AutoPublishAlias;
    return qualified[2] === 'Version'
      ? { kind: 'version', fn: qualified[1] }
      : { kind: 'alias', fn: qualified[1], alias: typeof alias === 'string' ? alias : 'live' };
  }
  const url = /^(.+)Url$/.exec(id)?.[1];
  if (url !== undefined && fn(url)?.Properties?.FunctionUrlConfig !== undefined)
    return { kind: 'url', fn: url };
  return undefined;
}

const POLICY_TYPES: Readonly<Record<string, 'OriginRequestPolicy' | 'ResponseHeadersPolicy'>> = {
  'AWS::CloudFront::OriginRequestPolicy': 'OriginRequestPolicy',
  'AWS::CloudFront::ResponseHeadersPolicy': 'ResponseHeadersPolicy',
};

function pickDistribution(
  resources: Record<string, { Type?: string }>,
  logicalId: string | undefined,
): string {
  const ids = Object.keys(resources).filter((id) => resources[id]?.Type === DISTRIBUTION);
  if (logicalId !== undefined) {
    if (!ids.includes(logicalId)) {
      invalid(
        'InvalidOption',
        'fromCloudFormation logicalId',
        `one of the template's distributions (${ids.join(', ') || 'none'})`,
        logicalId,
      );
    }
    return logicalId;
  }
  if (ids.length !== 1) {
    throw new EdgecaseError(
      'InvalidOption',
      `fromCloudFormation template: expected one ${DISTRIBUTION}, got ${ids.length === 0 ? 'none' : describe(ids)}.`,
      {
        value: ids,
        hint:
          ids.length > 1
            ? 'Pass { logicalId } to pick one.'
            : 'Is this the template of the stack that deploys it?',
      },
    );
  }
  return ids[0] as string;
}

/** The user's origins keyed by origin Id, found by Id or by the origin's DomainName. */
function originsById(
  config: Record<string, unknown>,
  given: Readonly<Record<string, Origin>>,
): Record<string, Origin> {
  const items =
    (config.Origins as { Items?: { Id?: string; DomainName?: string }[] } | undefined)?.Items ?? [];
  const out: Record<string, Origin> = {};
  for (const item of items) {
    // Not an origin (a `null` item): fromDistributionConfig names its path.
    if (typeof item !== 'object' || item === null) continue;
    const origin =
      (item.Id !== undefined ? given[item.Id] : undefined) ??
      (item.DomainName !== undefined ? given[item.DomainName] : undefined);
    if (origin === undefined) {
      throw new EdgecaseError(
        'NoSuchOrigin',
        `fromCloudFormation origins: expected an origin keyed by Id ${describe(item.Id)} or DomainName ${describe(item.DomainName)}, got keys ${describe(Object.keys(given))}.`,
        {
          value: item.Id,
          hint: `Pass { origins: { ${JSON.stringify(item.DomainName ?? item.Id)}: memoryOrigin() } }.`,
        },
      );
    }
    if (item.Id !== undefined) out[item.Id] = origin;
  }
  return out;
}

/**
 * Values only a deploy knows, where they change what a viewer gets: a resource edgecase cannot know
 * the value of stands for itself (`cfn:Api`), fine where it only names something (an origin's domain,
 * matched by Id) but not in an origin's path, where `/cfn:Stage` would only fail later as a 404; a
 * dynamic reference without a value in an origin's path or custom header, an alias, a path pattern
 * or an error page. Each is an error naming the field and how to give the value.
 */
function unknownValues(config: Record<string, unknown>, path: string): void {
  const list = (value: unknown): Record<string, unknown>[] =>
    Array.isArray(value) ? value.filter((item) => typeof item === 'object' && item !== null) : [];
  for (const [i, origin] of list(config.Origins).entries()) {
    const at = `${path}.Origins[${i}]`;
    const resource =
      typeof origin.OriginPath === 'string' ? /cfn:([\w.]+)/.exec(origin.OriginPath)?.[1] : undefined;
    if (resource !== undefined) {
      invalid(
        'InvalidOption',
        `${at}.OriginPath`,
        'a value known before deploying',
        origin.OriginPath,
        `It comes from the template's resource ${resource}, whose value edgecase does not know: write the value, or pass it as a parameter in { parameters }.`,
      );
    }
    dynamic(origin.OriginPath, `${at}.OriginPath`);
    for (const [j, header] of list(origin.OriginCustomHeaders).entries())
      dynamic(header.HeaderValue, `${at}.OriginCustomHeaders[${j}].HeaderValue`);
  }
  for (const [i, alias] of (Array.isArray(config.Aliases) ? config.Aliases : []).entries())
    dynamic(alias, `${path}.Aliases[${i}]`);
  for (const [i, behavior] of list(config.CacheBehaviors).entries())
    dynamic(behavior.PathPattern, `${path}.CacheBehaviors[${i}].PathPattern`);
  for (const [i, error] of list(config.CustomErrorResponses).entries())
    dynamic(error.ResponsePagePath, `${path}.CustomErrorResponses[${i}].ResponsePagePath`);
}

function dynamic(value: unknown, path: string): void {
  const reference = unresolvedDynamicReference(value);
  if (reference === undefined) return;
  invalid(
    'InvalidOption',
    path,
    'a value known before deploying',
    reference,
    `CloudFormation resolves this dynamic reference when the stack deploys: pass its value as { dynamicReferences: { ${JSON.stringify(reference)}: … } }.`,
  );
}
