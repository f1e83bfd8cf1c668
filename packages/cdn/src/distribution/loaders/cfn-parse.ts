import { parse, type Tags } from 'yaml';
import { describe, EdgecaseError, invalid } from '../../errors.js';

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
        : parse(template, { customTags: CFN_TAGS, uniqueKeys: false });
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
  if (typeof resources !== 'object' || resources === null) {
    invalid(
      'InvalidOption',
      'fromCloudFormation template',
      'a template with Resources',
      `keys ${describe(Object.keys(parsed))}`,
      'CDK: pass the synthesized cdk.out/<Stack>.template.json.',
    );
  }
  return parsed as Record<string, unknown>;
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
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
