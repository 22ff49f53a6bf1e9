import { z } from 'zod';
import { LOG_LEVELS, type LogLevel } from '../logging/logger';
import { MAX_INSTANCES, QUOTA_LIMIT } from './instance-store';
import type { SimulatorOptions } from './options';

const unset = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const integer = (min: number, max: number) => {
  const message = `must be a whole number between ${min} and ${max}`;
  return z.preprocess(
    unset,
    z
      .string()
      .trim()
      .regex(/^\d+$/, message)
      .transform(Number)
      .pipe(z.int().min(min, message).max(max, message))
      .optional(),
  );
};

const envSchema = z
  .object({
    /** @default 4010 */
    SIMULATOR_PORT: integer(0, 65_535),
    /** @default '127.0.0.1' */
    SIMULATOR_HOST: z.preprocess(unset, z.string().trim().min(1).optional()),
    /** @default 'sim-access-token' */
    SIMULATOR_ACCESS_TOKEN: z.preprocess(
      unset,
      z.string().regex(/^\S+$/, 'must not contain whitespace').optional(),
    ),
    /** @default 3; at most SIMULATOR_QUOTA */
    SIMULATOR_INSTANCES: integer(0, QUOTA_LIMIT),
    /** @default 25 */
    SIMULATOR_QUOTA: integer(1, QUOTA_LIMIT),
    /** @default 1 */
    SIMULATOR_TIME_SCALE: z.preprocess(
      unset,
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/, 'must be a positive number')
        .transform(Number)
        .pipe(
          z.number().positive('must be a positive number').max(100_000, 'must be at most 100000'),
        )
        .optional(),
    ),
    SIMULATOR_WEBHOOK_URL: z.preprocess(
      unset,
      z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    ),
    SIMULATOR_WEBHOOK_HMAC_KEY: z.preprocess(unset, z.string().optional()),
    /** @default 0 // off */
    SIMULATOR_POLL_FLOOR_MS: integer(0, 3_600_000),
    /** @default 'paid' */
    SIMULATOR_PLAN: z.preprocess(
      unset,
      z.enum(['free', 'paid'], { error: 'must be free or paid' }).optional(),
    ),
  })
  .superRefine((vars, ctx) => {
    const quota = vars.SIMULATOR_QUOTA ?? MAX_INSTANCES;
    if ((vars.SIMULATOR_INSTANCES ?? 0) > quota) {
      ctx.addIssue({
        code: 'custom',
        path: ['SIMULATOR_INSTANCES'],
        message: `must be at most SIMULATOR_QUOTA (${quota})`,
      });
    }
  });

/**
 * Reads the simulator's `SIMULATOR_*` variables, applies the defaults and validates them.
 * Empty values count as unset.
 * @throws Error listing every invalid variable with its value, e.g.
 *   `SIMULATOR_PORT must be a whole number between 0 and 65535 (got "abc")`.
 */
export function loadSimulatorConfig(env: NodeJS.ProcessEnv = process.env): SimulatorOptions {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `- ${name} ${issue.message} (got ${JSON.stringify(env[name])})`;
    });
    throw new Error(`Invalid simulator configuration:\n${lines.join('\n')}`);
  }
  const vars = parsed.data;
  return {
    port: vars.SIMULATOR_PORT ?? 4010,
    host: vars.SIMULATOR_HOST ?? '127.0.0.1',
    accessToken: vars.SIMULATOR_ACCESS_TOKEN ?? 'sim-access-token',
    instances: vars.SIMULATOR_INSTANCES ?? 3,
    ...(vars.SIMULATOR_QUOTA ? { quota: vars.SIMULATOR_QUOTA } : {}),
    timeScale: vars.SIMULATOR_TIME_SCALE ?? 1,
    pollFloorMs: vars.SIMULATOR_POLL_FLOOR_MS ?? 0,
    ...(vars.SIMULATOR_WEBHOOK_URL ? { webhookUrl: vars.SIMULATOR_WEBHOOK_URL } : {}),
    ...(vars.SIMULATOR_WEBHOOK_HMAC_KEY ? { webhookHmacKey: vars.SIMULATOR_WEBHOOK_HMAC_KEY } : {}),
    ...(vars.SIMULATOR_PLAN ? { plan: vars.SIMULATOR_PLAN } : {}),
  };
}

const logLevelSchema = z.preprocess(
  unset,
  z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
);

/**
 * The standalone simulator's `LOG_LEVEL` (pino, `info` by default), as the gateway reads it; it
 * logs every Wawp request at `info`.
 * @throws Error naming the variable and its value when it is not a pino level.
 */
export function loadSimulatorLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const parsed = logLevelSchema.safeParse(env.LOG_LEVEL);
  if (!parsed.success) {
    throw new Error(
      `Invalid simulator configuration:\n- LOG_LEVEL ${parsed.error.issues[0]?.message} (got ${JSON.stringify(env.LOG_LEVEL)})`,
    );
  }
  return parsed.data;
}
