/** The gateway's own HTTP routes, in one table (the console is served from every other path). */
export const GATEWAY_ROUTES = {
  /** GraphQL over HTTP and SSE, and the graphql-ws upgrade. */
  graphql: '/graphql',
  /** Wawp's `session.status` deliveries. */
  webhooks: '/webhooks/wawp',
  /** The process is up. */
  healthz: '/healthz',
  /** The database answers; upstream health in the body. */
  readyz: '/readyz',
  /** Prometheus metrics. */
  metrics: '/metrics',
  /**
   * The end user's connect page (`/connect/<token>`), its session exchange, its GraphQL endpoint
   * (HTTP, SSE and graphql-ws, with a link's credential) and the widget module.
   */
  connect: '/connect',
  connectSession: '/connect/session',
  connectGraphql: '/connect/graphql',
  connectWidget: '/connect/widget.js',
} as const;

/** The URL of a connect link: `<base>/connect/<token>`. */
export const connectUrl = (base: string, token: string) =>
  new URL(`${GATEWAY_ROUTES.connect}/${token}`, base).toString();

/**
 * Path prefixes that belong to the gateway's API rather than to the console's files: every route
 * above, and anything under `/webhooks/` (a mistyped webhook path is a 404, not the console).
 */
export const API_PREFIXES: readonly string[] = [
  GATEWAY_ROUTES.graphql,
  '/webhooks/',
  GATEWAY_ROUTES.healthz,
  GATEWAY_ROUTES.readyz,
  GATEWAY_ROUTES.metrics,
];
