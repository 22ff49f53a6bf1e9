import { useClient } from '@urql/solid';
import type { Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import { graphql } from '../gql';
import type { ScreenshotQuery } from '../gql/graphql';
import { describeError } from './errors';

const Screenshot = graphql(`
  query Screenshot($instanceId: ID!) {
    screenshot(instanceId: $instanceId) { ...ScreenshotPanel_screenshot }
  }
`);

/** Takes engine screenshots on demand (never cached) and times each request. */
export function createScreenshot(instanceId: Accessor<string>) {
  const client = useClient();
  const [state, setState] = createStore({
    screenshot: null as ScreenshotQuery['screenshot'],
    loaded: false,
    loading: false,
    tookMs: null as number | null,
    error: null as string | null,
  });
  const refresh = async () => {
    setState({ loading: true, error: null });
    const started = performance.now();
    const result = await client
      .query(Screenshot, { instanceId: instanceId() }, { requestPolicy: 'network-only' })
      .toPromise();
    setState({
      loading: false,
      loaded: !result.error,
      tookMs: Math.round(performance.now() - started),
      error: describeError(result.error),
      screenshot: result.data?.screenshot ?? null,
    });
  };
  return { state, refresh };
}
