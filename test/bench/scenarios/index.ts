import type { Scenario } from '../types';
import { amplification } from './amplification';
import { coalescing } from './coalescing';
import { fanout } from './fanout';
import { idleRss } from './idle-rss';
import { memory, scale } from './placeholders';
import { queryPath } from './query-path';

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
