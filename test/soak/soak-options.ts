import { parseArgs } from 'node:util';

/** The soak's settings, from its command line. */
export interface SoakOptions {
  quick: boolean;
  /** Length of the load phase. */
  durationMs: number;
  subscribers: number;
  instances: number;
  /** Subscriptions per socket (the gateway allows 20). */
  perSocket: number;
  /** Share of the sockets closed and reopened with `after`, every `reconnectEveryMs`. */
  reconnectShare: number;
  reconnectEveryMs: number;
  faultEveryMs: number;
  /** Load before the first RSS reading of a replica process. */
  warmupMs: number;
  /** When in the load phase a replica is SIGKILLed, and how long it stays down. */
  killAtMs: number;
  downMs: number;
  /** Simulator time scale: boots, QR lifetimes and retries run this much faster. */
  timeScale: number;
  pollIntervalMs: number;
  /** Least and most time between two actions on one instance. */
  stepMs: [number, number];
  /** Tamper with the record (drop one event, repeat another) before checking: must exit 1. */
  selfTest: boolean;
}

const USAGE = `pnpm soak [--quick] [--minutes N] [--subscribers N] [--instances N] [--self-test]`;

/** Parses `argv` (without node and the script); throws with the usage on anything unknown. */
export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      minutes: { type: 'string' },
      subscribers: { type: 'string', default: '1000' },
      instances: { type: 'string', default: '20' },
      'self-test': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    throw new Error(USAGE);
  }
  const quick = values.quick === true;
  const minutes = values.minutes === undefined ? (quick ? 1 : 10) : Number(values.minutes);
  const subscribers = Number(values.subscribers);
  const instances = Number(values.instances);
  if (!(minutes > 0 && minutes <= 60)) {
    throw new Error(`--minutes must be in (0, 60]\n${USAGE}`);
  }
  if (!(Number.isInteger(subscribers) && subscribers > 0 && subscribers <= 5_000)) {
    throw new Error(`--subscribers must be an integer in [1, 5000]\n${USAGE}`);
  }
  // the simulator's account holds at most 25 instances
  if (!(Number.isInteger(instances) && instances > 0 && instances <= 25)) {
    throw new Error(`--instances must be an integer in [1, 25]\n${USAGE}`);
  }
  const durationMs = minutes * 60_000;
  return {
    quick,
    durationMs,
    subscribers,
    instances,
    perSocket: 20,
    reconnectShare: 0.1,
    reconnectEveryMs: quick ? 15_000 : 60_000,
    faultEveryMs: quick ? 2_500 : 5_000,
    warmupMs: Math.min(60_000, durationMs / 6),
    killAtMs: Math.round(durationMs * 0.35),
    downMs: 5_000,
    timeScale: 10,
    pollIntervalMs: 2_000,
    stepMs: [2_000, 5_000],
    selfTest: values['self-test'] === true,
  };
}
