// Import layering rules, run by `pnpm lint` (`depcruise --config .dependency-cruiser.cjs schema gateway
// console test scripts`). Paths are relative to the repo root. Workspace packages resolve through
// their node_modules symlinks to the real sources (`@wawp-gateway/gateway/simulator` becomes
// `gateway/src/simulator/index.ts`), so each rule covers relative and package-name imports alike;
// the `@wawp-gateway/...` alternatives only catch a package name that did not resolve.
// Type-only imports count (tsPreCompilationDeps). test/lint/layering.test.ts proves every rule.

/** Tests and test support: `*.test.ts(x)`, the `test/` package, any `testing/` folder. */
const TESTS = ['\\.test\\.tsx?$', '^test/', '(^|/)testing/'];

module.exports = {
  forbidden: [
    {
      name: 'schema-not-to-gateway-or-console',
      comment:
        'schema/ is the contract both sides build on: it must not import the gateway or the console.',
      severity: 'error',
      from: { path: '^schema/' },
      to: { path: ['^(gateway|console)/', '^@wawp-gateway/(gateway|console)(/|$)'] },
    },
    {
      name: 'console-not-to-gateway',
      comment:
        'The console talks to the gateway over GraphQL only; share code through @wawp-gateway/schema.',
      severity: 'error',
      from: { path: '^console/' },
      to: { path: ['^gateway/', '^@wawp-gateway/gateway(/|$)'] },
    },
    {
      name: 'events-room-through-index',
      comment:
        'A room of gateway/src/events/ (ingest, webhooks, polling, delivery, ...) reaches another ' +
        "room only through that room's index.ts; files of its own room are fine. Tests in a room too.",
      severity: 'error',
      from: { path: '^gateway/src/events/([^/]+)/', pathNot: '^gateway/src/events/testing/' },
      to: {
        path: '^gateway/src/events/[^/]+/',
        pathNot: [
          '^gateway/src/events/$1/',
          '^gateway/src/events/[^/]+/index\\.(ts|tsx|js|mjs)$',
          '^gateway/src/events/testing/',
        ],
      },
    },
    {
      name: 'events-root-through-room-index',
      comment:
        'Files directly in gateway/src/events/ (hub.ts, types.ts, index.ts) import rooms by their ' +
        'index.ts only.',
      severity: 'error',
      from: { path: '^gateway/src/events/[^/]+$' },
      to: {
        path: '^gateway/src/events/[^/]+/',
        pathNot: [
          '^gateway/src/events/[^/]+/index\\.(ts|tsx|js|mjs)$',
          '^gateway/src/events/testing/',
        ],
      },
    },
    {
      name: 'simulator-only-from-composition-root',
      comment:
        'Only the composition root (gateway/src/app.ts, gateway/src/main.ts) and tests may import ' +
        'the Wawp simulator; the simulator may import itself (and gateway/src/wawp/).',
      severity: 'error',
      from: {
        pathNot: ['^gateway/src/simulator/', '^gateway/src/(app|main)\\.ts$', ...TESTS],
      },
      to: { path: ['^gateway/src/simulator/', '^@wawp-gateway/gateway/simulator$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['node_modules', '(^|/)dist/', '^console/src/gql/'] },
    // import type counts: a type-only import is still a layering dependency
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    combinedDependencies: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
