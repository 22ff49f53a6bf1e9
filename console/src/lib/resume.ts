const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * graphql-ws re-sends the very same payload object when it resubscribes after a reconnect, so
 * writing the last seen cursor into `variables.after` makes the gateway replay exactly what was
 * missed: no gap, no duplicate. Only for subscriptions that declare `after` and watch one
 * instance, because cursors are per instance.
 */
export function trackResumeCursor(variables: Record<string, unknown>, result: unknown): void {
  if (!('after' in variables) || typeof variables.instanceId !== 'string') {
    return;
  }
  const data = isRecord(result) ? result.data : undefined;
  if (!isRecord(data)) {
    return;
  }
  for (const field of Object.values(data)) {
    if (isRecord(field) && typeof field.cursor === 'string') {
      variables.after = field.cursor;
    }
  }
}
