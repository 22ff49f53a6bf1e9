import { type Component, Show } from 'solid-js';
import { type FragmentType, getFragmentData, graphql } from '../gql';

export const ScreenshotPanel_screenshot = graphql(`
  fragment ScreenshotPanel_screenshot on Screenshot {
    mimeType
    dataUrl
    takenAt
  }
`);

/** What the engine shows right now, with a refresh button and how long the request took. */
export const ScreenshotPanel: Component<{
  screenshot: FragmentType<typeof ScreenshotPanel_screenshot> | null;
  loaded: boolean;
  loading: boolean;
  tookMs: number | null;
  error: string | null;
  onRefresh: () => void;
}> = (props) => {
  const shot = () => getFragmentData(ScreenshotPanel_screenshot, props.screenshot);
  return (
    <section class="card" aria-labelledby="screenshot-title" aria-busy={props.loading}>
      <header class="row">
        <h2 id="screenshot-title">Engine screenshot</h2>
        <button type="button" disabled={props.loading} onClick={() => props.onRefresh()}>
          {props.loading ? 'Taking screenshot…' : 'Refresh screenshot'}
        </button>
      </header>
      <Show when={props.error}>
        <p class="error" role="alert">
          {props.error}
        </p>
      </Show>
      <Show
        when={shot()}
        fallback={
          <p class="muted">
            {props.loaded ? 'The engine has no screenshot for this status.' : 'Not taken yet.'}
          </p>
        }
      >
        {(data) => (
          <figure class="screenshot">
            <img src={data().dataUrl} alt="What the WhatsApp engine shows" />
            <figcaption>
              Taken {new Date(data().takenAt).toLocaleTimeString()}
              <Show when={props.tookMs !== null}> in {props.tookMs} ms</Show>
            </figcaption>
          </figure>
        )}
      </Show>
    </section>
  );
};
