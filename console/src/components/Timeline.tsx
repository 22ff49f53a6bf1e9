import { type Component, For, Show } from 'solid-js';
import type { TimelineEntry } from '../lib/timeline';

/** The live event timeline, newest first, as a `role="log"` region. */
export const Timeline: Component<{ entries: readonly TimelineEntry[]; showInstance?: boolean }> = (
  props,
) => {
  const newestFirst = () => [...props.entries].reverse();
  return (
    <section class="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Event timeline</h2>
      <Show when={props.entries.length > 0} fallback={<p class="muted">Waiting for events…</p>}>
        <div role="log" aria-labelledby="timeline-title" class="timeline">
          <ol>
            <For each={newestFirst()}>
              {(entry) => (
                <li class="event" data-cursor={entry.cursor}>
                  <time datetime={entry.occurredAt}>
                    {new Date(entry.occurredAt).toLocaleTimeString()}
                  </time>
                  <span class={`source source-${entry.source.toLowerCase()}`}>
                    {entry.source.toLowerCase()}
                  </span>
                  <strong class="event-kind">{entry.kind}</strong>
                  <span class="event-detail">
                    <Show when={props.showInstance}>{entry.instanceId}: </Show>
                    {entry.detail}
                  </span>
                </li>
              )}
            </For>
          </ol>
        </div>
      </Show>
    </section>
  );
};
