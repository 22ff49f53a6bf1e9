/**
 * fast-check arbitraries for bad input: ids, phone numbers, cursors, names and labels, values of
 * the wrong type, malformed documents, deep and wide selections. Every string stays under ~10 K
 * UTF-16 units with at most 3 UTF-8 bytes each, so two of them fit the 64 KiB body cap.
 */
import fc from 'fast-check';

/** Strings that have broken some parser, store or URL somewhere. */
export const NASTY_STRINGS: readonly string[] = [
  "' OR 1=1 --",
  "' OR '1'='1",
  '"; DROP TABLE instances; --',
  "1'; SELECT pg_sleep(10); --",
  "%' OR ''='",
  '\\',
  "\\'",
  "'",
  '"',
  '`',
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(64),
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '..\\..\\windows\\win.ini',
  '/../../',
  '%00',
  '%2e%2e%2f',
  '....//....//',
  'file:///etc/passwd',
  'http://127.0.0.1:1/',
  ['$', '{jndi:ldap://127.0.0.1/a}'].join(''),
  '{{7*7}}',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  ' ',
  '   ',
  '\t',
  '\n',
  '\r\n',
  '\u00a0',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u{1f600}',
  '\ufb00',
  '\u0130',
  '\u00df',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '*',
  '%',
  '_',
  '?',
  '#',
  '&',
  '=',
  ';',
  '/',
  '//',
  ':',
  '@',
  'x'.repeat(10_240),
];

/** What is put before or after a valid id to make a near miss. */
const AFFIXES = [' ', '\u0000', '\n', '/', '/../x', '%', "'", '"', '\u200b', '?x=1', '#', 'A', '0'];

/** One unit of a long string: never a control character (their JSON escape is 6 bytes). */
const longUnit = fc.constantFrom('x', 'Z', '0', ' ', '/', "'", '\u00e9', '\u202e', '\u{1f600}');

/** A long string of `min`–`max` UTF-16 units (a surrogate pair may be cut at the end). */
export const longText = (min: number, max: number) =>
  fc
    .tuple(fc.string({ unit: longUnit, minLength: 1, maxLength: 4 }), fc.integer({ min, max }))
    .map(([seed, n]) => seed.repeat(Math.ceil(n / seed.length)).slice(0, n));

/** Any kind of short string: ASCII, graphemes, any code point, control characters. */
export const anyShortText = (maxLength = 40) =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'binary-ascii', maxLength }),
  );

/**
 * An instance (or tenant, or key) id: one of `valid`, a near miss of one, or garbage of every
 * kind (random, unicode, empty, up to 10 K, SQL-ish, null bytes, path traversal).
 */
export const idLike = (valid: readonly string[]) => {
  const options = [
    { weight: 2, arbitrary: anyShortText() },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: longText(129, 10_000) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(anyShortText(8), fc.constantFrom(...NASTY_STRINGS.filter((s) => s.length < 80)))
        .map(([a, b]) => a + b),
    },
  ];
  if (valid.length === 0) {
    return fc.oneof(...options);
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...valid) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...valid), fc.constantFrom(...AFFIXES), fc.boolean())
        .map(([id, affix, before]) => (before ? affix + id : id + affix)),
    },
    { weight: 1, arbitrary: fc.constantFrom(...valid).map((id) => id.toLowerCase()) },
    ...options,
  );
};

/** Phone numbers as people type them, near misses, and garbage. */
export const phoneLike = fc.oneof(
  fc.constantFrom(
    '+20 114 520 2826',
    '0020 114-520-2826',
    '201145202826',
    '(+20) 114.520.2826',
    '+1 202 555 0143',
    '+44 20 7946 0958',
  ),
  fc.array(fc.constantFrom(...'0123456789'), { maxLength: 25 }).map((d) => d.join('')),
  fc.array(fc.constantFrom(...'0123456789'), { maxLength: 25 }).map((d) => `+${d.join('')}`),
  fc
    .array(
      fc.constantFrom(
        '0',
        '1',
        '2',
        '5',
        '9',
        ' ',
        '-',
        '.',
        '(',
        ')',
        '/',
        '+',
        '\u0662',
        '\uff10',
        '\u2013',
        '\u00a0',
        '\u3000',
      ),
      { maxLength: 45 },
    )
    .map((parts) => parts.join('')),
  fc.constantFrom(
    '',
    '+',
    '++20114520282',
    '00',
    '0',
    '0114 520 2826',
    '+999 1234 5678',
    '+20 114 520 2826 ext. 5',
    '+20\u0000114 520 2826',
    '\u0662\u0660\u0661\u0661\u0664\u0665\u0662\u0660\u0662\u0668\u0662\u0666',
    '9'.repeat(40),
    '9'.repeat(41),
  ),
  anyShortText(),
  fc.constantFrom(...NASTY_STRINGS),
  longText(41, 10_000),
);

const digits = (min: number, max: number) =>
  fc
    .array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max })
    .map((d) => d.join(''));

/** True for a cursor the gateway can resume from (the decimal seq it issues, up to 15 digits). */
export const isResumableCursor = (value: unknown) =>
  typeof value === 'string' && /^\d{1,15}$/.test(value);

/**
 * `sessionEvents(after:)` values: digits of every length (16+ too), negative, floats, hex,
 * unicode digits, huge, and garbage.
 */
export const cursorLike = fc.oneof(
  { weight: 2, arbitrary: fc.nat({ max: 200 }).map(String) },
  { weight: 2, arbitrary: digits(1, 40) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 60n }).map(String) },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000_000, max: -1 }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.nat().map((n) => `0x${n.toString(16)}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '1 ',
      ' 1',
      '+1',
      '1e3',
      '1.0',
      '01',
      '-0',
      '\u0663',
      '\uff11',
      '9'.repeat(15),
      '9'.repeat(16),
      '9007199254740993',
      '1'.repeat(10_000),
    ),
  },
  { weight: 2, arbitrary: anyShortText() },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: longText(16, 10_000) },
);

/** Tenant names and instance labels: around the 80-character limit, blank, control, huge. */
export const nameLike = fc.oneof(
  { weight: 2, arbitrary: anyShortText(100) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'a',
          '\u00e9',
          '\u{1f600}',
          '\u{1f469}\u200d\u{1f469}\u200d\u{1f467}',
          'e\u0301',
          ' ',
        ),
        fc.integer({ min: 75, max: 85 }),
      )
      .map(([unit, n]) => unit.repeat(n)),
  },
  { weight: 1, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: longText(81, 10_000) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '  Acme  ',
      '\u3000',
      '\u200b',
      'a\nb',
      'a\u0000b',
      '\u0085',
      '\u2028',
      '\u{e0001}',
    ),
  },
);

/** An array nested `depth` levels deep (`[[[…]]]`). */
const nestedArray = (depth: number): unknown =>
  JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);

/** Values of the wrong type where a string (or ID) is expected, and numbers an ID may not take. */
export const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER + 2,
    -0,
    1e308,
    Number.MIN_VALUE,
    -1,
    1.5,
    Number.MAX_VALUE,
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.integer({ min: 10, max: 2_000 }).map(nestedArray),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}')),
);

/** Random variable names and values the operation does not declare. */
export const unknownVariables = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', '', '$id')),
  fc.jsonValue({ maxDepth: 3 }),
  { minKeys: 1, maxKeys: 6 },
);

/** Tokens of GraphQL documents, to build token soup that is almost a document. */
const GRAPHQL_TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '=',
  '@',
  '|',
  '&',
  '...',
  ' ',
  '\n',
  '#',
  '"',
  '"""',
  ',',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'null',
  'true',
  '1',
  '-1.5e3',
  '__typename',
  '__schema',
  '__type',
  'viewer',
  'role',
  'tenants',
  'instances',
  'instanceId',
  'sessionInfo',
  'sessionEvents',
  'cursor',
  'ID',
  'String',
  '$id',
  'x',
  '\u0000',
  '\u{1f600}',
];

/**
 * A `query` that is mostly not a valid document: random text, token soup, a valid document with
 * a character removed, inserted or cut off.
 */
export const malformedDocument = (valid: readonly string[]) =>
  fc.oneof(
    anyShortText(200),
    fc.array(fc.constantFrom(...GRAPHQL_TOKENS), { maxLength: 60 }).map((t) => t.join(' ')),
    fc.array(fc.constantFrom(...GRAPHQL_TOKENS), { maxLength: 60 }).map((t) => t.join('')),
    fc.tuple(fc.constantFrom(...valid), fc.nat(), anyShortText(3)).map(([doc, at, text]) => {
      const i = at % (doc.length + 1);
      return doc.slice(0, i) + text + doc.slice(i + 1);
    }),
    fc.tuple(fc.constantFrom(...valid), fc.nat()).map(([doc, at]) => doc.slice(0, at % doc.length)),
    fc
      .tuple(fc.constantFrom(...valid), fc.integer({ min: 2, max: 40 }))
      .map(([doc, n]) => Array.from({ length: n }, () => doc).join('\n')),
    fc.constantFrom('', ' ', '{', '}', '{}', '{ }', '#', 'query', '{ __typename', '"""', '\u0000'),
    longText(1_000, 10_000),
  );

/** A selection of depth `depth` through inline fragments, unknown fields or real fields. */
export const deepSelection = fc.oneof(
  fc
    .integer({ min: 1, max: 60 })
    .map((n) => `{ ${'... on Query { '.repeat(n)}__typename${' }'.repeat(n)} }`),
  fc.integer({ min: 1, max: 60 }).map((n) => `{ ${'a { '.repeat(n)}b${' }'.repeat(n)} }`),
  fc.integer({ min: 1, max: 60 }).map((n) => `{ ${'tenants { '.repeat(n)}id${' }'.repeat(n)} }`),
  fc.constant('{ tenants { instances { session { me { id pushName } } } } }'),
  fc
    .integer({ min: 1, max: 300 })
    .map((n) => `{ viewer { ${Array.from({ length: n }, () => 'role').join(' ')} } }`),
  fc
    .integer({ min: 1, max: 100 })
    .map((n) => `{ viewer ${'@include(if: true) '.repeat(n)}{ role } }`),
  fc
    .integer({ min: 1, max: 60 })
    .map(
      (n) =>
        `{ ...F } fragment F on Query { ${Array.from({ length: n }, () => '...G').join(' ')} } fragment G on Query { __typename }`,
    ),
);

/**
 * A document with a list or object literal nested up to 3,000 levels deep (at most 12 KB) in an
 * argument: of a real field, an unknown one, or a directive. Shrinks towards the shallowest depth
 * that still fails.
 */
export const deepLiteralDocument = fc
  .tuple(
    fc.integer({ min: 1, max: 3_000 }),
    fc.constantFrom('list', 'object'),
    fc.constantFrom(
      'viewer(fuzz: %s) { role }',
      'sessionInfo(instanceId: %s) { status }',
      '__typename @include(if: %s)',
    ),
  )
  .map(([depth, kind, template]) => {
    const literal =
      kind === 'list'
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    return `{ ${template.replace('%s', literal)} }`;
  });

/** `n` aliases of one field, some of them real upstream reads. */
export const manyAliases = (instanceId: string) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: 40 }),
      fc.constantFrom(
        'viewer { role }',
        '__typename',
        'instances { instanceId }',
        `sessionInfo(instanceId: ${JSON.stringify(instanceId)}) { status }`,
        `a: instance(instanceId: ${JSON.stringify(instanceId)}) { instanceId }`,
      ),
    )
    .map(([n, field]) => {
      const plain = field.replace(/^a: /, '');
      return `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${plain}`).join(' ')} __typename }`;
    });

/** Any JSON value, for envelopes of the wrong shape. */
export const anyJson = fc.jsonValue({ maxDepth: 3 });
