import { z } from 'zod';

/**
 * One fault rule, the JSON body of `POST /_sim/faults` (a single rule or an array of them).
 * Rules stack; `DELETE /_sim/faults` removes them all, `DELETE /_sim/faults?id=` one of them.
 *
 * Scope:
 * - `instanceId` limits the rule to requests and sessions of that instance (default: all).
 * - `route` limits HTTP faults to one Wawp route, `session/info` or `/v2/session/info` (default: all).
 * - `times` expires the rule after it has touched that many requests or webhook events.
 *
 * HTTP faults (Wawp surface only, applied before authentication):
 * - `latencyMs`: wall-clock delay before the request is handled (not scaled).
 * - `errorStatus` (default 500) answered with probability `errorRate` (default 1), with Wawp's error body.
 * - `reset`: the socket is destroyed without an answer.
 * - `rateLimit`: 429 `rate_limited` with `Retry-After: retryAfterS` (default 2).
 * - `malformedJson`: the real answer's status, but a truncated JSON body.
 *
 * Webhook faults (`session.status` deliveries):
 * - `webhookDrop`: `true` or a probability; the event is never delivered.
 * - `webhookDelayMs`: wall-clock delay before the first delivery attempt.
 * - `webhookReorder`: events are held in pairs and sent newest first.
 *
 * Session fault: `stuckStarting` keeps boots and reconnects in STARTING until a later
 * start/restart happens with the rule gone.
 */
export const faultRuleSchema = z.strictObject({
  instanceId: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  times: z.int().positive().optional(),
  latencyMs: z.int().min(0).max(120_000).optional(),
  errorRate: z.number().min(0).max(1).optional(),
  errorStatus: z.int().min(400).max(599).optional(),
  reset: z.boolean().optional(),
  malformedJson: z.boolean().optional(),
  rateLimit: z.boolean().optional(),
  retryAfterS: z.int().min(0).max(3600).optional(),
  webhookDrop: z.union([z.boolean(), z.number().min(0).max(1)]).optional(),
  webhookDelayMs: z.int().min(0).max(600_000).optional(),
  webhookReorder: z.boolean().optional(),
  stuckStarting: z.boolean().optional(),
});
export type FaultRuleInput = z.infer<typeof faultRuleSchema>;
export type FaultRule = FaultRuleInput & { id: string };

/** What the HTTP surface must do to one request. */
export interface HttpFaults {
  latencyMs: number;
  reset: boolean;
  rateLimitRetryAfterS: number | null;
  errorStatus: number | null;
  malformedJson: boolean;
}

/** What the webhook dispatcher must do to one event. */
export interface WebhookFaults {
  drop: boolean;
  delayMs: number;
  reorder: boolean;
}

/** Strips `/` and `v2/` so `/v2/session/info` and `session/info` name the same route. */
export const toRouteName = (route: string) => route.replace(/^\/+/, '').replace(/^v2\//, '');

const HTTP_KEYS = ['latencyMs', 'errorRate', 'errorStatus', 'reset', 'malformedJson', 'rateLimit'];
const WEBHOOK_KEYS = ['webhookDrop', 'webhookDelayMs', 'webhookReorder'];
const has = (rule: FaultRule, keys: string[]) => keys.some((key) => key in rule);

export type FaultStore = ReturnType<typeof createFaultStore>;

/** @private The active fault rules and their per-request / per-event evaluation. */
export function createFaultStore(random: () => number = Math.random) {
  let rules: FaultRule[] = [];
  let serial = 0;

  const consume = (matched: FaultRule[]) => {
    for (const rule of matched) {
      if (rule.times !== undefined) {
        rule.times -= 1;
      }
    }
    rules = rules.filter((rule) => rule.times === undefined || rule.times > 0);
  };
  const forInstance = (rule: FaultRule, instanceId: string | null) =>
    rule.instanceId === undefined || rule.instanceId === instanceId;

  return {
    add(inputs: FaultRuleInput[]): FaultRule[] {
      const added = inputs.map((input) => ({ ...input, id: `fault-${++serial}` }));
      rules.push(...added);
      return added;
    },
    /** Removes one rule by id, or every rule; returns how many went. */
    clear(id?: string) {
      const before = rules.length;
      rules = id === undefined ? [] : rules.filter((rule) => rule.id !== id);
      return before - rules.length;
    },
    list: (): FaultRule[] => rules.map((rule) => ({ ...rule })),
    forRequest(route: string, instanceId: string | null): HttpFaults {
      const matched = rules.filter(
        (rule) =>
          has(rule, HTTP_KEYS) &&
          forInstance(rule, instanceId) &&
          (rule.route === undefined || toRouteName(rule.route) === route),
      );
      consume(matched);
      const errors = matched.filter(
        (rule) =>
          (rule.errorStatus !== undefined || rule.errorRate !== undefined) &&
          random() < (rule.errorRate ?? 1),
      );
      const limited = matched.find((rule) => rule.rateLimit);
      return {
        latencyMs: matched.reduce((sum, rule) => sum + (rule.latencyMs ?? 0), 0),
        reset: matched.some((rule) => rule.reset),
        rateLimitRetryAfterS: limited ? (limited.retryAfterS ?? 2) : null,
        errorStatus: errors.length > 0 ? (errors[0]?.errorStatus ?? 500) : null,
        malformedJson: matched.some((rule) => rule.malformedJson),
      };
    },
    forWebhook(instanceId: string): WebhookFaults {
      const matched = rules.filter(
        (rule) => has(rule, WEBHOOK_KEYS) && forInstance(rule, instanceId),
      );
      consume(matched);
      const drop = matched.some((rule) =>
        typeof rule.webhookDrop === 'number' ? random() < rule.webhookDrop : rule.webhookDrop,
      );
      return {
        drop,
        delayMs: matched.reduce((sum, rule) => sum + (rule.webhookDelayMs ?? 0), 0),
        reorder: matched.some((rule) => rule.webhookReorder),
      };
    },
    isStuckStarting: (instanceId: string) =>
      rules.some((rule) => rule.stuckStarting && forInstance(rule, instanceId)),
  };
}
