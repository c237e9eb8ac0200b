import fc from 'fast-check';

/**
 * fast-check arbitraries derived from the OpenAPI document (functions/http/openapi.ts): for every operation, a
 * request built from its parameters and request body JSON schemas, mostly broken (wrong types, missing and
 * unknown fields, huge and hostile strings, bad JSON, wrong media types, oversize bodies, bad path and query
 * values) and sometimes valid, with every kind of Authorization header. test/resilience/fuzz.test.ts sends them.
 */

/** A JSON Schema as the document holds it (draft 2020-12, the subset zod emits). */
export interface JsonSchema {
  readonly type?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly oneOf?: readonly JsonSchema[];
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly format?: string;
}

export interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface OpenApiOperation {
  readonly operationId: string;
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { readonly schema: JsonSchema }>> };
  readonly 'x-portico-auth': 'public' | 'user' | 'member' | 'operator';
}

/** How a request authenticates: a persona's real token, or one of the broken kinds. */
export const AUTH_KINDS = [
  'none',
  'garbage',
  'malformedHeader',
  'tamperedPayload',
  'tamperedSignature',
  'expiredLooking',
  'algNone',
  'limited',
  'member',
  'admin',
  'operator',
] as const;
export type AuthKind = (typeof AUTH_KINDS)[number];

/** Values the test learns from the running stack: real ids, cursors and tokens. */
export interface FuzzContext {
  /** Real values per path parameter name (groupId, serviceTag, userId, requestId, organizationId, kind). */
  readonly knownPathValues: Readonly<Record<string, readonly string[]>>;
  /** Real `nextCursor`/`cursor` values of list routes. */
  readonly knownCursors: readonly string[];
}

/** One generated request; `path` is already encoded. `body` undefined: none sent. */
export interface FuzzRequest {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly auth: AuthKind;
  /** The Authorization header when `auth` is a garbage kind (the test fills in real tokens). */
  readonly authorization?: string;
  /** `undefined`: no Content-Type header. */
  readonly contentType?: string;
  readonly body?: string;
  /** What the body is meant to be, for the histogram and for reproducing. */
  readonly bodyKind: string;
  /** An Idempotency-Key header (writes only): a real key, or one that cannot be a key. */
  readonly idempotencyKey?: string;
  /** The JSON value sent (when it is one), to cap valid sign-ups. */
  readonly json?: unknown;
}

const MAX_BODY_BYTES = 16 * 1024;
const MAX_URL_CHARS = 8_000;

// ----- hostile values -----

const HOSTILE_CONSTANTS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uD83D',
  '\uDE00y',
  '\u202Eevil\u202C',
  'مرحبا بالعالم',
  'שלום',
  '😀🚀👩‍👩‍👧‍👦🏳️‍🌈',
  '\u0007\u001b[31mred\u001b[0m',
  '\r\n\t\v\f',
  '\uFEFF',
  '\u200B\u200C\u200D',
  'Ω≈ç√∫˜µ≤≥÷',
  'Z̴̡̪̫̖̥̔̿̃̈̏̎͠͝á̶̡̳̣̯̤̳̘̲̗̞͓̈́̀͐̑̎l̶̨͙̳͎͉̗̒̋ģ̴̢͈̺͖̹̼͓̝͈̆̎̿͂̇̋͌̎͘o̵',
  '${{7*7}}',
  '{{constructor.constructor("return 1")()}}',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '../../../../etc/passwd',
  '%00',
  '%',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'true',
  '-1',
  '1e309',
  '0x10',
  'USER#x',
  'ORG#org-acme',
  'pk',
  '#',
  '\\',
  '"',
];

/** A string of about `bytes` UTF-8 bytes made of one repeated character. */
function sizedString(bytes: number, unit: string): string {
  const unitBytes = Buffer.byteLength(unit);
  return unit.repeat(Math.max(1, Math.ceil(bytes / unitBytes)));
}

const hugeString = fc
  .tuple(fc.integer({ min: 300, max: 15_000 }), fc.constantFrom('x', 'é', '😀', '\u0000', 'ٱ', ' '))
  .map(([bytes, unit]) => sizedString(bytes, unit));

/** Strings a client should never be trusted with: unicode of every kind, control chars, lone surrogates. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_CONSTANTS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
);

/** Any JSON value that is probably of the wrong type (or shape) for `schema`. */
function wrongValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 4, arbitrary: hostileString },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom(0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
      ),
    },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.array(fc.oneof(hostileString, fc.integer(), fc.constant(null)), { maxLength: 4 }),
    },
    {
      weight: 1,
      arbitrary: fc.dictionary(hostileString, fc.oneof(fc.integer(), hostileString), { maxKeys: 3 }),
    },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text) as unknown) },
    {
      weight: 1,
      // Deeply nested arrays or objects.
      arbitrary: fc
        .tuple(fc.integer({ min: 20, max: 3_000 }), fc.boolean())
        .map(([depth, arrays]) => nested(depth, arrays)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<unknown>(
        { __proto__: { admin: true } },
        JSON.parse('{"__proto__":{"polluted":true}}'),
        { constructor: { prototype: { polluted: true } } },
        {},
        [],
        '',
      ),
    },
  );
}

function nested(depth: number, arrays: boolean): unknown {
  let value: unknown = arrays ? [] : {};
  for (let level = 0; level < depth; level += 1) value = arrays ? [value] : { a: value };
  return value;
}

// ----- values from a schema -----

/** A value the schema accepts (as far as JSON Schema can say; zod may still refuse some). */
export function validValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return fc.oneof(...alternatives.map(validValue));
  switch (schema.type) {
    case 'object': {
      const properties = schema.properties ?? {};
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [
            name,
            // zod refines passwords beyond what JSON Schema says: give most a chance to pass.
            name === 'password' ? fc.oneof(strongPassword, validValue(property)) : validValue(property),
          ]),
        ),
        { requiredKeys: (schema.required ?? []).filter((name) => name in properties) },
      );
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      return fc.array(validValue(schema.items ?? {}), {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)),
      });
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'string':
      return validString(schema);
    default:
      // Untyped (e.g. a country refined in code): something plausible.
      return fc.constantFrom('DE', 'US', 'CA', 'de', 'XX', '');
  }
}

const strongPassword = fc
  .tuple(
    fc.stringMatching(/^[a-z]{6,20}$/),
    fc.integer({ min: 10, max: 99 }),
    fc.constantFrom('!', '#', '-', '_'),
  )
  .map(([word, digits, symbol]) => `X${word}${digits}${symbol}`);

const COUNTRIES = ['DE', 'US', 'CA', 'FR', 'GB', 'JP', 'BR', 'IN'];

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.pattern === '^[A-Z]{2}$') {
    return fc.oneof(fc.constantFrom(...COUNTRIES), fc.stringMatching(/^[A-Z]{2}$/));
  }
  const maxLength = schema.maxLength ?? 1_000;
  if (schema.format === 'email') {
    return fc.oneof(
      fc.emailAddress().filter((email) => email.length <= maxLength),
      fc
        .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/), fc.constantFrom('acme.example', 'globex.example'))
        .map(([local, domain]) => `fuzz.${local}@${domain}`),
    );
  }
  if (schema.format === 'uri') return fc.webUrl().filter((url) => url.length <= maxLength);
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((text) => text.length >= (schema.minLength ?? 0) && text.length <= maxLength);
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 40)) });
}

/** Where a value can be changed: each nested object/array member, by its path. */
function locations(value: unknown, path: (string | number)[] = [], into: (string | number)[][] = []) {
  into.push(path);
  if (path.length > 6) return into;
  if (Array.isArray(value)) value.forEach((item, index) => locations(item, [...path, index], into));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) locations(item, [...path, key], into);
  }
  return into;
}

type Mutation =
  | { readonly kind: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'extra'; readonly at: number; readonly key: string; readonly value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: wrongValue() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      key: fc.oneof(
        fc.constantFrom(
          'organizationId',
          'role',
          'state',
          'userId',
          '__proto__',
          'constructor',
          '',
          'a'.repeat(500),
        ),
        hostileString.filter((key) => key.length < 200),
      ),
      value: wrongValue(),
    }),
  },
);

function clone(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

const MAX_NESTING = 3_000;
/** Values shallower than this are copied before insertion; the deep ones are built fresh for each sample. */
const COPIED_DEPTH = 100;

function depthOf(value: unknown): number {
  let depth = 0;
  let level: unknown[] = [value];
  while (level.length > 0) {
    level = level.flatMap((item) => (item && typeof item === 'object' ? Object.values(item) : []));
    if (level.length > 0) depth += 1;
  }
  return depth;
}

function applyMutations(original: unknown, mutations: readonly Mutation[]): unknown {
  let value = clone(original);
  for (const generated of mutations) {
    // A fresh copy of what is inserted: fast-check may hand two mutations the same constant object, and inserting
    // it into itself would make a circular body.
    const change: Mutation =
      'value' in generated && depthOf(generated.value) <= COPIED_DEPTH
        ? { ...generated, value: structuredClone(generated.value) }
        : generated;
    const spots = locations(value);
    const path = spots[change.at % spots.length]!;
    // Nesting stays within the deepest bodies generated whole (3,000 levels).
    if ('value' in change && path.length > 0 && path.length + depthOf(change.value) > MAX_NESTING) continue;
    if (path.length === 0) {
      if (change.kind === 'replace') value = change.value;
      else if (change.kind === 'extra' && value && typeof value === 'object' && !Array.isArray(value)) {
        Object.defineProperty(value, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      continue;
    }
    let parent = value as Record<string | number, unknown>;
    for (const step of path.slice(0, -1)) {
      parent = Object.getOwnPropertyDescriptor(parent, step)?.value as Record<string | number, unknown>;
    }
    const last = path.at(-1)!;
    if (!parent || typeof parent !== 'object' || !Object.hasOwn(parent, last)) continue;
    if (change.kind === 'replace') {
      Object.defineProperty(parent, last, {
        value: change.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else if (change.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else Reflect.deleteProperty(parent, last);
    } else {
      const target = Object.getOwnPropertyDescriptor(parent, last)?.value as unknown;
      if (target && typeof target === 'object' && !Array.isArray(target)) {
        Object.defineProperty(target, change.key, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else
        Object.defineProperty(parent, last, {
          value: change.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return value;
}

/** A value of the schema with one to three things broken. */
export function brokenValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  return fc
    .tuple(validValue(schema), fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([value, mutations]) => applyMutations(value, mutations));
}

// ----- bodies -----

interface Body {
  readonly contentType?: string;
  readonly body?: string;
  readonly bodyKind: string;
  readonly json?: unknown;
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
];
const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=xyz',
  'application/x-www-form-urlencoded',
  'application/jsonx',
  'application/json-patch+json',
  'text/html',
  'garbage/@@@',
  ';;;',
  '',
];

const BAD_JSON = [
  '{',
  '}',
  '{"a":',
  '[1,2',
  'nul',
  '{"email":"a@b.c",}',
  "{'email':'a@b.c'}",
  '\u0000',
  'NaN',
  'Infinity',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '',
  '   ',
  '"just a string"',
  '12345',
  'null',
  'true',
  '[]',
  '{"a":"\\ud800"}',
  '{"a":"\\x41"}',
  '{"a":01}',
  '{"a":1e99999}',
  '{"__proto__":null}',
  '\xff\xfe{}',
];

function jsonBody(value: unknown): fc.Arbitrary<Body> {
  // Written out here, not inside the mapper: fast-check calls that far deeper in the stack, where a deeply
  // nested body overflows it.
  const body = JSON.stringify(value) ?? '';
  return fc.constantFrom(...JSON_TYPES).map((contentType) => ({
    contentType,
    body,
    bodyKind: 'json',
    json: value,
  }));
}

/** Bodies for an operation's requestBody: valid (weight `validWeight`), broken JSON values, and envelopes. */
function bodyOf(operation: OpenApiOperation, validWeight: number): fc.Arbitrary<Body> {
  const content = operation.requestBody?.content;
  const jsonSchema = content?.['application/json']?.schema;
  if (!jsonSchema) {
    // No body expected: usually none, sometimes one anyway.
    return fc.oneof(
      { weight: 12, arbitrary: fc.constant<Body>({ bodyKind: 'none' }) },
      {
        weight: 1,
        arbitrary: wrongValue()
          .chain(jsonBody)
          .map((body) => ({ ...body, bodyKind: 'unexpected' })),
      },
    );
  }
  const valid = validValue(jsonSchema);
  const arbitraries: fc.WeightedArbitrary<Body>[] = [
    { weight: validWeight, arbitrary: valid.chain(jsonBody).map((body) => ({ ...body, bodyKind: 'valid' })) },
    {
      weight: 30,
      arbitrary: brokenValue(jsonSchema)
        .chain(jsonBody)
        .map((body) => ({ ...body, bodyKind: 'broken' })),
    },
    {
      weight: 4,
      arbitrary: wrongValue()
        .chain(jsonBody)
        .map((body) => ({ ...body, bodyKind: 'wrongType' })),
    },
    {
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...BAD_JSON),
          fc.tuple(valid, fc.nat()).map(([value, cut]) => {
            const text = JSON.stringify(value) ?? '';
            return text.slice(0, cut % Math.max(1, text.length));
          }),
        )
        .map((body) => ({ contentType: 'application/json', body, bodyKind: 'badJson' })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(valid, fc.constantFrom<string | undefined>(...WRONG_TYPES, undefined))
        .map(([value, contentType]) => ({
          ...(contentType === undefined ? {} : { contentType }),
          body: JSON.stringify(value) ?? '',
          bodyKind: 'wrongContentType',
        })),
    },
    {
      weight: 2,
      // Oversize: a JSON object with one big string, or a big raw body.
      arbitrary: fc
        .tuple(
          fc.integer({ min: MAX_BODY_BYTES + 1, max: 400_000 }),
          fc.boolean(),
          fc.constantFrom('x', '😀', 'é'),
        )
        .map(([bytes, asJson, unit]) => ({
          contentType: 'application/json',
          body: asJson ? JSON.stringify({ filler: sizedString(bytes, unit) }) : sizedString(bytes, unit),
          bodyKind: 'oversize',
        })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<Body>(
        { bodyKind: 'missing' },
        { contentType: 'application/json', bodyKind: 'missing' },
        { contentType: 'application/json', body: '', bodyKind: 'empty' },
      ),
    },
  ];
  if (content?.['text/csv']) {
    arbitraries.push({ weight: 6, arbitrary: csvBody });
  }
  return fc.oneof(...arbitraries);
}

const CSV_HEADERS = [
  'siteId,name,address,city,country',
  'serviceTag,model,family,siteId,supportEndDate',
  'siteId,name',
  '',
  'siteId,siteId,siteId',
  '"siteId",name,"address",city,country',
];

const csvCell = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
  hostileString.map((text) => text.slice(0, 300)),
  fc.constantFrom('"unterminated', '"a""b"', "=cmd|' /C calc'!A0", '2026-02-30', 'DE', ''),
);

const csvBody: fc.Arbitrary<Body> = fc
  .tuple(
    fc.constantFrom(...CSV_HEADERS),
    fc.array(fc.array(csvCell, { minLength: 0, maxLength: 7 }), { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r'),
    fc.constantFrom('text/csv', 'text/csv; charset=utf-8', 'TEXT/CSV'),
  )
  .map(([header, rows, newline, contentType]) => ({
    contentType,
    body: [header, ...rows.map((row) => row.join(','))].join(newline),
    bodyKind: 'csv',
  }));

// ----- paths and queries -----

/** encodeURIComponent, except that a lone surrogate becomes its (invalid) UTF-8-ish bytes instead of throwing. */
export function encodeLoose(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += encodeURIComponent(text.slice(index, index + 2));
        index += 1;
        continue;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      out += `%ED%${(0xa0 + ((code >> 6) & 0x1f)).toString(16).toUpperCase()}%${(0x80 + (code & 0x3f)).toString(16).toUpperCase()}`;
      continue;
    }
    out += encodeURIComponent(text[index]!);
  }
  return out;
}

/** Already-encoded path or query text that decoders choke on. */
const RAW_ENCODED = [
  '%',
  '%Z',
  '%ZZ',
  '%E0%A4%A',
  '%ED%A0%80',
  '%C0%AF',
  '%FF%FE',
  '%00',
  '%2F',
  '..',
  '.',
  '%2e%2e',
  '..%2F..%2Fetc',
  '%252e',
  '+',
  '%20',
];

function parameterValue(
  parameter: OpenApiParameter,
  context: FuzzContext,
): fc.Arbitrary<{ encoded: string; valid: boolean }> {
  const known = context.knownPathValues[parameter.name] ?? [];
  const cursors = parameter.name === 'cursor' ? context.knownCursors : [];
  const encodedOf = (text: string) => ({ encoded: encodeLoose(text), valid: false });
  const schema = parameter.schema;
  const broken: fc.WeightedArbitrary<{ encoded: string; valid: boolean }>[] = [
    { weight: 3, arbitrary: hostileString.map((text) => encodedOf(text.slice(0, 2_000))) },
    { weight: 2, arbitrary: fc.constantFrom(...RAW_ENCODED).map((encoded) => ({ encoded, valid: false })) },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 65, max: 3_000 })
        .map((length) => ({ encoded: 'a'.repeat(length), valid: false })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constantFrom(
            '-1',
            '0',
            '101',
            '1.5',
            '1e2',
            'NaN',
            'Infinity',
            '0x10',
            ' 5',
            '5 ',
            '',
            '99999999999999999999',
          ),
          fc.integer().map(String),
        )
        .map(encodedOf),
    },
  ];
  if (parameter.name === 'cursor') {
    broken.push({
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.json({ maxDepth: 2 }),
          fc.constantFrom(
            '{"pk":"ORG#org-northland-health","sk":"SITE#NH-HQ"}',
            '{"pk":{"S":"x"}}',
            '{}',
            '[]',
            'null',
            '{"pk":"USER#x","sk":"PROFILE","gsi1pk":"y"}',
          ),
          ...(cursors.length
            ? [fc.constantFrom(...cursors).map((cursor) => Buffer.from(cursor, 'base64url').toString())]
            : []),
        )
        .chain((text) =>
          fc.constantFrom(
            Buffer.from(text).toString('base64url'),
            Buffer.from(text).toString('base64'),
            text,
          ),
        )
        .map(encodedOf),
    });
    if (cursors.length) {
      broken.push({
        weight: 3,
        // A real cursor with a character changed, cut short, or extended.
        arbitrary: fc
          .tuple(fc.constantFrom(...cursors), fc.nat(), fc.constantFrom('A', '_', '-', '=', '%'))
          .map(([cursor, at, char]) => {
            const spot = at % cursor.length;
            return encodedOf(
              at % 3 === 0 ? cursor.slice(0, spot) : cursor.slice(0, spot) + char + cursor.slice(spot + 1),
            );
          }),
      });
    }
  }
  return fc.oneof(
    {
      weight: 4,
      arbitrary: validValue(schema).map((value) => ({ encoded: encodeLoose(String(value)), valid: true })),
    },
    ...(known.length
      ? [
          {
            weight: 4,
            arbitrary: fc.constantFrom(...known).map((text) => ({ encoded: encodeLoose(text), valid: true })),
          },
        ]
      : []),
    ...(cursors.length
      ? [
          {
            weight: 2,
            arbitrary: fc
              .constantFrom(...cursors)
              .map((text) => ({ encoded: encodeLoose(text), valid: true })),
          },
        ]
      : []),
    ...broken,
  );
}

function queryOf(parameters: readonly OpenApiParameter[], context: FuzzContext): fc.Arbitrary<string> {
  const pairs = parameters.map((parameter) =>
    fc.option(
      parameterValue(parameter, context).map(
        ({ encoded }) => `${encodeURIComponent(parameter.name)}=${encoded}`,
      ),
      { freq: 2 },
    ),
  );
  const extras = fc.array(
    fc.oneof(
      fc
        .tuple(hostileString, hostileString)
        .map(([key, value]) => `${encodeLoose(key.slice(0, 100))}=${encodeLoose(value.slice(0, 200))}`),
      fc.constantFrom(
        'limit=1&limit=2',
        'limit[]=1',
        'limit',
        '=',
        '&&&',
        'status=open&status=closed',
        '__proto__[x]=1',
        'constructor=1',
        '%=%',
        'a=%ZZ',
        'cursor=',
        'limit=',
      ),
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...pairs), extras, fc.boolean()).map(([chosen, more, shuffle]) => {
    const all = [...chosen.filter((pair): pair is string => pair !== null), ...more];
    if (shuffle) all.reverse();
    return all.length ? `?${all.join('&')}` : '';
  });
}

/** A persona token kind, weighted so that the route's own audience gets through often enough to reach validation. */
function authOf(audience: OpenApiOperation['x-portico-auth']): fc.Arbitrary<AuthKind> {
  const weights: Record<AuthKind, number> = {
    none: 2,
    garbage: 1,
    malformedHeader: 1,
    tamperedPayload: 1,
    tamperedSignature: 1,
    expiredLooking: 1,
    algNone: 1,
    limited: audience === 'user' ? 6 : 1,
    member: audience === 'member' || audience === 'user' ? 8 : 1,
    admin: audience === 'member' ? 10 : 1,
    operator: audience === 'operator' ? 20 : 1,
  };
  if (audience === 'public') {
    for (const kind of AUTH_KINDS) weights[kind] = kind === 'none' ? 12 : 1;
  }
  return fc.oneof(...AUTH_KINDS.map((kind) => ({ weight: weights[kind], arbitrary: fc.constant(kind) })));
}

const printable = fc
  .string({ unit: 'binary-ascii', maxLength: 300 })
  .map((text) => text.replace(/[^\x20-\x7e]/g, ''));

/** Idempotency-Key values: fresh UUIDs, a few reused ones, and values that cannot be keys. */
const idempotencyKeyArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.uuid(),
  fc.constantFrom('fuzz-key-1', 'fuzz-key-2', '', 'a b', 'k'.repeat(256), 'tab\there'),
  printable,
);

/** Authorization headers that are not a token at all (kinds garbage and malformedHeader). */
export const garbageAuthorization: fc.Arbitrary<string> = fc.oneof(
  printable.map((text) => `Bearer ${text}`),
  fc.base64String({ maxLength: 400 }).map((text) => `Bearer ${text}.${text}.${text}`),
  fc.constantFrom(
    'Bearer eyJ.eyJ.sig',
    'Bearer a.b.c',
    'Bearer ...',
    'Bearer eyJhbGciOiJub25lIn0',
    'Bearer null',
  ),
);

export const malformedAuthorization: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'Bearer',
    'Bearer ',
    'bearer',
    'Basic dXNlcjpwYXNz',
    'Token abc',
    'Bearer  ',
    ' ',
    'Bearer\t',
  ),
  printable,
  fc.string({ unit: 'binary-ascii', maxLength: 8_000 }).map((text) => `Bearer ${'A'.repeat(text.length)}`),
);

/** A request for `operation` at `path` (its template), of the given method. */
export function requestArbitrary(
  method: string,
  pathTemplate: string,
  operation: OpenApiOperation,
  context: FuzzContext,
  options: { validBodyWeight: number },
): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const path = fc
    .tuple(...pathParameters.map((parameter) => parameterValue(parameter, context)))
    .map((values) => {
      let filled = pathTemplate;
      pathParameters.forEach((parameter, index) => {
        filled = filled.replace(`{${parameter.name}}`, values[index]!.encoded);
      });
      return filled;
    });
  const body =
    method === 'GET' || method === 'HEAD'
      ? fc.constant<Body>({ bodyKind: 'none' })
      : bodyOf(operation, options.validBodyWeight);
  return fc
    .record({
      path,
      query: queryParameters.length
        ? queryOf(queryParameters, context)
        : fc.option(queryOf([], context), { freq: 8 }).map((q) => q ?? ''),
      auth: authOf(operation['x-portico-auth']),
      garbage: garbageAuthorization,
      malformed: malformedAuthorization,
      body,
      idempotencyKey:
        method === 'GET'
          ? fc.constant(undefined)
          : fc.option(idempotencyKeyArbitrary, { freq: 3, nil: undefined }),
    })
    .map(({ path: filled, query, auth, garbage, malformed, body: chosen, idempotencyKey }) => ({
      operationId: operation.operationId,
      method,
      // Node's HTTP parser answers 431 itself past 16 KB of request head (API Gateway's URL limit is 10 KB):
      // keep URLs below 8 KB, cut wherever that falls (a cut escape is one more broken value).
      path: (filled + query).slice(0, MAX_URL_CHARS),
      auth,
      ...(auth === 'garbage'
        ? { authorization: garbage }
        : auth === 'malformedHeader'
          ? { authorization: malformed }
          : {}),
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      ...chosen,
    }));
}

/** Requests off the route table: unknown paths, wrong methods, odd path shapes. */
export function offTableArbitrary(paths: readonly string[]): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'),
      path: fc.oneof(
        fc.constantFrom(...paths).map((path) => path.replace(/\{\w+\}/g, 'x1234567')),
        fc.constantFrom(...paths).map((path) => `${path.replace(/\{\w+\}/g, 'abcdefgh')}/`),
        fc.constantFrom(
          '/',
          '/v1',
          '/v1/',
          '/v2/me',
          '//v1//me',
          '/v1/me/../me',
          '/v1/%2e%2e/me',
          '/v1/nope',
          '/V1/ME',
          '/v1/me%00',
        ),
        hostileString.map((text) => `/v1/${encodeLoose(text.slice(0, 200))}`),
      ),
      auth: fc.constantFrom<AuthKind>('none', 'member', 'operator', 'garbage'),
      garbage: garbageAuthorization,
      json: wrongValue(),
    })
    .map(({ method, path, auth, garbage, json }) => ({
      operationId: 'offTable',
      method,
      path: path.slice(0, MAX_URL_CHARS),
      auth,
      ...(auth === 'garbage' ? { authorization: garbage } : {}),
      ...(method === 'GET'
        ? { bodyKind: 'none' }
        : { contentType: 'application/json', body: JSON.stringify(json) ?? '', bodyKind: 'offTable' }),
    }));
}
