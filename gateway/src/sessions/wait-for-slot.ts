import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { isQueueFullRefusal } from './map-wawp-error';

/**
 * Runs a read again while the gateway refuses it for a full queue ({@link isQueueFullRefusal}),
 * for about 30 s (exponential from 50 ms, at most 1 s apart, jittered; cockatiel 3.2.1), then
 * lets the refusal stand. Nothing reaches Wawp until a slot is free, so this adds no Wawp load;
 * it is for reads a caller cannot do without (a stream's first snapshot of an instance, a list
 * field on a cold gateway), which are single-flighted per instance, so the waiting reads are
 * bounded by the instances, not by the callers.
 */
export const waitForSlot = retry(handleWhen(isQueueFullRefusal), {
  maxAttempts: 40,
  backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1_000 }),
});
