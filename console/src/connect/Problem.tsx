import { type Component, Show } from 'solid-js';

/** Under a problem's status sentence: "Try again" when trying again may help. */
export const Problem: Component<{ onRetry?: (() => void) | undefined }> = (props) => (
  <div class="connect-body connect-problem">
    <Show when={props.onRetry}>
      {(retry) => (
        <button type="button" class="primary" onClick={() => retry()()}>
          Try again
        </button>
      )}
    </Show>
  </div>
);
