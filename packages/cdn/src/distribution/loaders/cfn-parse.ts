import type { Tags } from 'yaml';
import { describe, EdgecaseError, invalid } from '../../errors.js';
import { lazyModule } from '../../lazy-module.js';

const yaml = lazyModule<typeof import('yaml')>('yaml');

/**
 * Reads a CloudFormation template given as an object, JSON text or YAML text. YAML's short-form
 * intrinsic tags (`!Ref`, `!GetAtt`, `!Sub`, `!If`...) become their long form (`{ Ref }`,
 * `{ 'Fn::GetAtt': [...] }`), as CloudFormation itself reads them.
 */
export function parseTemplate(template: unknown): Record<string, unknown> {
  let parsed: unknown = template;
  if (typeof template === 'string') {
    try {
      parsed = template.trimStart().startsWith('{')
        ? JSON.parse(template)
        : yaml().parse(template, { customTags: CFN_TAGS, uniqueKeys: false });
    } catch (error) {
      throw new EdgecaseError(
        'InvalidOption',
        `fromCloudFormation template: expected JSON or YAML text, got text that does not parse (${error instanceof Error ? error.message.split('\n')[0] : String(error)}).`,
        { value: template.slice(0, 80), cause: error },
      );
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    invalid(
      'InvalidOption',
      'fromCloudFormation template',
      'a CloudFormation template (object, JSON or YAML text)',
      template,
    );
  }
  const resources = (parsed as { Resources?: unknown }).Resources;
  // A Serverless Framework serverless.yml: its `${self:…}` / `${sls:…}` variables are resolved by
  // `serverless package`, which writes the template CloudFormation deploys.
  const serverless = parsed as { service?: unknown; provider?: unknown; resources?: unknown };
  if (resources === undefined && serverless.service !== undefined && serverless.provider !== undefined)
    invalid(
      'InvalidOption',
      'fromCloudFormation template',
      'a CloudFormation template',
      'a Serverless Framework serverless.yml (service, provider, resources)',
      'Its ${…} variables are resolved when it is packaged: run `serverless package --stage <stage>` and load .serverless/cloudformation-template-update-stack.json, the template it deploys.',
    );
  if (typeof resources !== 'object' || resources === null) {
    invalid(
      'InvalidOption',
      'fromCloudFormation template',
      'a template with Resources',
      `keys ${describe(Object.keys(parsed))}`,
      'CDK: pass the synthesized cdk.out/<Stack>.template.json.',
    );
  }
  refuseMacros((parsed as { Transform?: unknown }).Transform);
  return parsed as Record<string, unknown>;
}

/** SAM's transform rewrites only `AWS::Serverless::*` resources; it leaves a distribution as written. */
const SAM = 'AWS::Serverless-2016-10-31';

/**
 * A template-level `Transform` runs macros when the stack is deployed, which can rewrite anything
 * (`AWS::Include`, `AWS::LanguageExtensions`, your own macros): edgecase cannot run them, so it refuses
 * rather than load a distribution other than the one deployed.
 */
function refuseMacros(transform: unknown): void {
  for (const item of [transform].flat()) {
    if (item === undefined) continue;
    const name = typeof item === 'string' ? item : (item as { Name?: unknown } | null)?.Name;
    if (name === SAM) continue;
    throw new EdgecaseError(
      'InvalidOption',
      `fromCloudFormation template Transform: expected no macro (or ${SAM}), got ${describe(name ?? item)}, which rewrites the template when it is deployed.`,
      {
        value: name ?? item,
        hint: 'Pass the processed template instead: aws cloudformation get-template --stack-name <stack> --template-stage Processed (or the output of cdk synth).',
      },
    );
  }
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'GetStackOutput',
  'Join',
  'Select',
  'Split',
  'Sub',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'Transform',
] as const;

const CFN_TAGS: Tags = [
  ...['scalar', 'seq', 'map'].flatMap((kind) => [
    {
      tag: '!Ref',
      collection: kind === 'scalar' ? undefined : kind,
      resolve: (v: unknown) => ({ Ref: plain(v) }),
    },
    {
      tag: '!Condition',
      collection: kind === 'scalar' ? undefined : kind,
      resolve: (v: unknown) => ({ Condition: plain(v) }),
    },
    {
      tag: '!GetAtt',
      collection: kind === 'scalar' ? undefined : kind,
      resolve: (v: unknown) => {
        const value = plain(v);
        if (typeof value !== 'string') return { 'Fn::GetAtt': value };
        const dot = value.indexOf('.');
        return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
      },
    },
    ...FUNCTIONS.map((name) => ({
      tag: `!${name}`,
      collection: kind === 'scalar' ? undefined : kind,
      resolve: (v: unknown) => ({ [`Fn::${name}`]: plain(v) }),
    })),
  ]),
] as Tags;

/** The plain JS value of a YAML node (collections arrive as yaml's YAMLMap / YAMLSeq). */
function plain(value: unknown): unknown {
  const node = value as { toJSON?: () => unknown } | null;
  return node && typeof node === 'object' && typeof node.toJSON === 'function' ? node.toJSON() : value;
}
