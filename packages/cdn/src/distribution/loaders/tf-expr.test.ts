// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are Terraform expressions, whose own interpolation is ${…}
import { describe, expect, it } from 'vitest';
import { evaluateExpression, evaluateJson, type TfScope, Unknown } from './tf-expr.js';
import { callFunction } from './tf-functions.js';

// A scope with a few variables and one value known only after apply.
const VARS: Record<string, unknown> = {
  stage: 'prod',
  ttl: 60,
  names: ['a', 'b', 'a'],
  pages: { '404': '/404.html', '500': '/500.html' },
  origins: [
    { id: 's3', port: 80 },
    { id: 'api', port: 443 },
  ],
  nothing: null,
};
const scope: TfScope = {
  reference: (root, steps) => {
    if (root === 'var') return { value: VARS[String(steps[0])], used: 1 };
    if (root === 'aws_s3_bucket')
      return { value: new Unknown(`aws_s3_bucket.${String(steps[0])}.${String(steps[1])}`), used: 2 };
    throw new Error(`unexpected reference ${root}`);
  },
  call: callFunction,
};
const ev = (source: string) => evaluateExpression(source, scope, 'at');
const json = (value: unknown) => evaluateJson(value, scope, 'at');

describe("Terraform's expression language", () => {
  it.each([
    ['var.ttl * 2 + 1', 121],
    ['(var.ttl - 10) / 5 % 3', 1],
    ['-var.ttl', -60],
    ['var.stage == "prod" ? "p" : "other"', 'p'],
    ['var.stage != "prod" || var.ttl >= 60', true],
    ['!(var.ttl < 10) && var.ttl <= 60', true],
    ['var.nothing == null', true],
    ['var.origins[1].id', 'api'],
    ['var.origins.0.port', 80],
    ['var.pages["404"]', '/404.html'],
    ['var.origins[*].id', ['s3', 'api']],
    ['[for o in var.origins : o.port if o.port > 100]', [443]],
    ['{ for k, v in var.pages : v => tonumber(k) }', { '/404.html': 404, '/500.html': 500 }],
    ['{ for n in var.names : n => n... }', { a: ['a', 'a'], b: ['b'] }],
    ['{ a = 1, "b" = [2, 3] }', { a: 1, b: [2, 3] }],
    ['"site-${var.stage}-${var.ttl}"', 'site-prod-60'],
    ['"${var.stage == "prod" ? "p-${var.ttl}" : "x"}"', 'p-60'],
    ['"tab\\there \\"quoted\\" \\u00e9"', 'tab\there "quoted" é'],
  ])('%s', (source, value) => {
    expect(ev(source)).toEqual(value);
  });

  it.each([
    ['lookup(var.pages, "403", "/error.html")', '/error.html'],
    ['merge(var.pages, { "403" = "/x" })["403"]', '/x'],
    ['concat(var.names, ["c"])', ['a', 'b', 'a', 'c']],
    ['distinct(var.names)', ['a', 'b']],
    ['toset(var.names)', ['a', 'b']],
    ['flatten([["a"], [["b"]], "c"])', ['a', 'b', 'c']],
    ['join(",", var.names)', 'a,b,a'],
    ['split(".", "a.b.c")', ['a', 'b', 'c']],
    ['format("%s-%d", var.stage, var.ttl)', 'prod-60'],
    // Terraform's flags, width, precision, index and verbs (the format page's examples among them).
    ['format("/errors/%03d.html", 404)', '/errors/404.html'],
    ['format("%04d|%-5s|%5s|%.2f|%+d", 7, "ab", "ab", 3.14159, 5)', '0007|ab   |   ab|3.14|+5'],
    ['format("%[2]s %[1]s %%", "a", "b")', 'b a %'],
    ['format("%x %X %o %b %t %q", 255, 255, 8, 5, true, "hi")', 'ff FF 10 101 true "hi"'],
    ['format("%#v %e", { a = 1 }, 1500)', '{"a":1} 1.500000e+03'],
    ['replace("a.b.c", ".", "-")', 'a-b-c'],
    ['element(var.names, 4)', 'b'],
    ['length(var.pages) + length("abc")', 5],
    ['keys(var.pages)', ['404', '500']],
    ['coalesce(var.nothing, "", "x")', 'x'],
    ['try(var.origins[5].id, "none")', 'none'],
    ['can(var.pages.missing)', false],
    ['contains(var.names, "b")', true],
    ['trimsuffix(trimprefix("/a/b/", "/"), "/")', 'a/b'],
    ['max(var.ttl, 5, 300)', 300],
    ['concat([["x"], ["y"]]...)', ['x', 'y']],
  ])('%s', (source, value) => {
    expect(ev(source)).toEqual(value);
  });

  it("reads Terraform's JSON form: a template alone gives the value, $${ is a literal ${", () => {
    expect(json('${var.ttl}')).toBe(60);
    expect(json('ttl ${var.ttl}')).toBe('ttl 60');
    expect(json('$${not.a.reference}')).toBe('${not.a.reference}');
    expect(json({ list: ['${var.stage}', 1], nested: { on: '${var.ttl > 0}' } })).toEqual({
      list: ['prod', 1],
      nested: { on: true },
    });
  });

  it('keeps a value known only after apply as its reference, and refuses to compute with it', () => {
    expect(ev('aws_s3_bucket.b.arn')).toEqual(new Unknown('aws_s3_bucket.b.arn'));
    expect(ev('"${aws_s3_bucket.b.id}/x"')).toBe('aws_s3_bucket.b.id/x');
    expect(() => ev('aws_s3_bucket.b.id == "x"')).toThrow(
      'at: expected a value known before apply, got "aws_s3_bucket.b.id"',
    );
    // try() does not turn it into its fallback: the deployed value would differ.
    expect(() => ev('try(aws_s3_bucket.b.id == "x", false)')).toThrow('expected a value known before apply');
  });

  it('refuses what it does not read, naming it', () => {
    expect(() => ev('"%{ if var.ttl > 0 }on%{ endif }"')).toThrow('at: expected no template directive');
    expect(() => ev('upper(var.stage) == "PROD" && regex("p", var.stage) != ""')).toThrow('got "regex()"');
    expect(() => ev('try(timestamp(), "never")')).toThrow('got "timestamp()"');
    expect(() => ev('var.origins[9]')).toThrow('at: expected an index into a list of 2, got 9');
    expect(() => ev('var.ttl +')).toThrow('edgecase reads a subset of Terraform expressions');
    expect(() => ev('format("%y", 1)')).toThrow('expected a format verb Terraform has');
    expect(() => ev('format("%s %s", "a")')).toThrow('expected an argument for "%s"');
  });
});
