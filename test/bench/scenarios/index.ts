import type { Scenario } from '../types';
import { amplification } from './amplification';
import { coalescing } from './coalescing';
import { fanout } from './fanout';
import { idleRss } from './idle-rss';
import { memory } from './memory';
import { queryPath } from './query-path';
import { scale } from './scale';

/**
 * Every scenario, in the order they run: the priority order (coalescing first), so an
 * interrupted run has the most important figures. The report lists them in `SCENARIO_NAMES` order.
 */
export const SCENARIOS: Scenario[] = [
  coalescing,
  amplification,
  queryPath,
  fanout,
  memory,
  idleRss,
  scale,
];
