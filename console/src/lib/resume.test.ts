import { describe, expect, it } from 'vitest';
import { trackResumeCursor } from './resume';

describe('trackResumeCursor', () => {
  it('writes the last cursor into `after` so a resubscribe resumes after it', () => {
    const variables: Record<string, unknown> = { instanceId: 'abc', after: null };
    trackResumeCursor(variables, {
      data: { sessionEvents: { cursor: 'c1', __typename: 'SessionSnapshot' } },
    });
    trackResumeCursor(variables, { data: { sessionEvents: { cursor: 'c2' } } });
    expect(variables).toEqual({ instanceId: 'abc', after: 'c2' });
  });

  it('leaves the fleet subscription (no instance, no `after`) and errors alone', () => {
    const fleet: Record<string, unknown> = {};
    trackResumeCursor(fleet, { data: { sessionEvents: { cursor: 'c1' } } });
    expect(fleet).toEqual({});
    const one: Record<string, unknown> = { instanceId: 'abc', after: 'c1' };
    trackResumeCursor(one, { errors: [{ message: 'boom' }] });
    expect(one.after).toBe('c1');
  });
});
