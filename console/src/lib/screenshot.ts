import { useClient } from '@urql/solid';
import { type Accessor, createEffect, createMemo, on } from 'solid-js';
import { createStore } from 'solid-js/store';
import { graphql } from '../gql';
import type { ScreenshotQuery } from '../gql/graphql';
import { describeError } from './errors';

const Screenshot = graphql(`
  query Screenshot($instanceId: ID!) {
    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }
  }
`);

/**
 * Takes engine screenshots on demand (never cached) and times each request. With `status`, a
 * new one is also taken whenever the live status changes (first known status included), so a
 * WORKING session does not keep showing the QR screen of before the scan. Only the answer of
 * the latest request is shown.
 */
export function createScreenshot(instanceId: Accessor<string>, status?: Accessor<string | null>) {
  const client = useClient();
  const [state, setState] = createStore({
    screenshot: null as ScreenshotQuery['screenshot'],
    loaded: false,
    loading: false,
    tookMs: null as number | null,
    error: null as string | null,
  });
  let latest = 0;
  const refresh = async () => {
    const request = ++latest;
    setState({ loading: true, error: null });
    const started = performance.now();
    const result = await client
      .query(Screenshot, { instanceId: instanceId() }, { requestPolicy: 'network-only' })
      .toPromise();
    if (request !== latest) {
      return;
    }
    setState({
      loading: false,
      loaded: !result.error,
      tookMs: Math.round(performance.now() - started),
      error: describeError(result.error),
      screenshot: result.data?.screenshot ?? null,
    });
  };
  if (status) {
    // a memo, so that only a different status (not every update of the view) takes a new one
    const current = createMemo(status);
    createEffect(
      on(current, (now) => {
        if (now !== null) {
          void refresh();
        }
      }),
    );
  }
  return { state, refresh };
}
