import { Show } from 'solid-js';

/** What a command said when it finished: its text, and whether it failed. */
export interface Outcome {
  text: string;
  error: boolean;
}

/** A command's outcome under its form: an alert when it failed, a polite note otherwise. */
export function OutcomeNote(props: { outcome: Outcome | null; class?: string }) {
  return (
    <Show when={props.outcome}>
      {(outcome) => (
        <p
          class={`${outcome().error ? 'error' : 'note'}${props.class ? ` ${props.class}` : ''}`}
          role={outcome().error ? 'alert' : undefined}
          aria-live="polite"
        >
          {outcome().text}
        </p>
      )}
    </Show>
  );
}
