import { describe, EdgecaseError, invalid } from '../errors.js';
import { isPlainObject } from '../options/checks.js';
import type { IgnoredField } from '../options/config-types.js';
import { didYouMean } from '../options/strict-keys.js';
import {
  DISTRIBUTION_FIELDS,
  type FieldRule,
  type FieldTable,
  type UnmodelledMode,
} from './field-classes.js';

/**
 * What to do with not-modelled fields a config uses: one mode for all, or a mode per field, named by
 * its generic path (`'WebACLId'`, `'CacheBehaviors.Items[].LambdaFunctionAssociations'`) or its exact one
 * (`'CacheBehaviors.Items[2].LambdaFunctionAssociations'`). Unnamed fields keep their default (mostly
 * `'error'`; see docs/fidelity.md).
 */
export type UnmodelledOption = UnmodelledMode | Readonly<Record<string, UnmodelledMode>>;

const MODES: readonly UnmodelledMode[] = ['error', 'warn', 'ignore'];
const ROOT = 'DistributionConfig';

/** Every not-modelled field's generic path, for the option's did-you-mean. */
export const NOT_MODELLED_PATHS: readonly string[] = collect(DISTRIBUTION_FIELDS, '').filter(
  (path) => !path.startsWith('#'),
);

function collect(table: FieldTable, prefix: string): string[] {
  return Object.entries(table).flatMap(([key, rule]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (rule.class === 'not-modelled') return [path];
    if (!rule.children) return [];
    return collect(rule.children, key === 'Items' ? `${path}[]` : path);
  });
}

/**
 * Walks a `DistributionConfig`: an unknown field is an `InvalidOption` (with a did-you-mean), a
 * not-modelled field in use is an `UnmodelledFeature` or, as the option says, accepted and returned.
 */
export function classifyFields(
  config: Record<string, unknown>,
  option: UnmodelledOption | undefined,
): { ignored: IgnoredField[]; warned: IgnoredField[] } {
  checkOption(option);
  const found: Accepted = { ignored: [], warned: [] };
  walk(config, DISTRIBUTION_FIELDS, ROOT, ROOT, option, found);
  return found;
}

/** Fields accepted, and which of those the mode says to warn about. */
interface Accepted {
  ignored: IgnoredField[];
  warned: IgnoredField[];
}

function walk(
  value: Record<string, unknown>,
  table: FieldTable,
  path: string,
  generic: string,
  option: UnmodelledOption | undefined,
  found: Accepted,
): void {
  for (const [key, child] of Object.entries(value)) {
    const rule = table[key];
    const childPath = `${path}.${key}`;
    const childGeneric = `${generic}.${key}`;
    if (rule === undefined) {
      const known = Object.keys(table);
      const suggestion = didYouMean(key, known);
      invalid(
        'InvalidOption',
        `${path} has an unknown field ${describe(key)}`,
        `one of ${known.join(', ')}`,
        key,
        suggestion
          ? `Did you mean ${describe(suggestion)}?`
          : 'If CloudFront has added this field, please report it so edgecase can classify it.',
      );
    }
    // A field of no effect still has the values CloudFront accepts (HttpVersion 'http9' is refused).
    if (rule.accepts !== undefined && child !== undefined && child !== null && !rule.accepts.test(child))
      invalid('InvalidOption', childPath, rule.accepts.expected, child);
    if (rule.class === 'not-modelled') {
      if (rule.inUse?.(child)) use(rule, child, childPath, childGeneric, option, found);
      continue;
    }
    if (!rule.children || child === undefined || child === null) continue;
    // A list of objects, or an object, where the table has fields for them: anything else (a `null`
    // item of a JSON config, text) is named here rather than failing later as a TypeError.
    if (key === 'Items') {
      if (!Array.isArray(child)) invalid('InvalidOption', childPath, 'a list', child);
      for (const [i, item] of child.entries()) {
        if (!isPlainObject(item)) invalid('InvalidOption', `${childPath}[${i}]`, 'an object', item);
        walk(item, rule.children, `${childPath}[${i}]`, `${childGeneric}[]`, option, found);
      }
    } else if (isPlainObject(child)) {
      walk(child, rule.children, childPath, childGeneric, option, found);
    } else invalid('InvalidOption', childPath, 'an object', child);
  }
}

function use(
  rule: FieldRule,
  value: unknown,
  path: string,
  generic: string,
  option: UnmodelledOption | undefined,
  found: Accepted,
): void {
  const short = (p: string) => p.slice(ROOT.length + 1);
  const mode =
    typeof option === 'string'
      ? option
      : (option?.[short(path)] ?? option?.[short(generic)] ?? rule.defaultMode ?? 'error');
  if (mode === 'error') {
    throw new EdgecaseError(
      'UnmodelledFeature',
      `${path}: expected only features edgecase models, got ${describe(value)}, which is not modelled (${rule.note}); a test would pass where production differs.`,
      {
        value: path,
        hint: `To load the config anyway and list the field in cdn.distribution.ignoredFields, pass { unmodelled: { ${JSON.stringify(short(generic))}: 'warn' } } (or 'ignore').`,
      },
    );
  }
  const field: IgnoredField = { path, class: 'not-modelled', note: rule.note };
  found.ignored.push(field);
  if (mode === 'warn') found.warned.push(field);
}

function checkOption(option: UnmodelledOption | undefined): void {
  if (option === undefined || (typeof option === 'string' && MODES.includes(option))) return;
  if (!isPlainObject(option)) {
    invalid('InvalidOption', 'unmodelled', "'error', 'warn', 'ignore' or { [fieldPath]: mode }", option);
  }
  for (const [path, mode] of Object.entries(option)) {
    const generic = path.replace(/\[\d+\]/g, '[]');
    if (!NOT_MODELLED_PATHS.includes(generic)) {
      const suggestion = didYouMean(generic, NOT_MODELLED_PATHS);
      invalid(
        'InvalidOption',
        'unmodelled field path',
        `a not-modelled field such as ${NOT_MODELLED_PATHS.slice(0, 3).join(', ')}`,
        path,
        suggestion ? `Did you mean ${describe(suggestion)}?` : `Known: ${NOT_MODELLED_PATHS.join(', ')}.`,
      );
    }
    if (!MODES.includes(mode))
      invalid('InvalidOption', `unmodelled[${describe(path)}]`, "'error', 'warn' or 'ignore'", mode);
  }
}
