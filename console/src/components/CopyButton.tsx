import { type Component, createSignal, onCleanup } from 'solid-js';

/** Copies `text` to the clipboard and says so in a polite live region (not a status role). */
export const CopyButton: Component<{ text: string; label?: string }> = (props) => {
  const [note, setNote] = createSignal('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
      setNote('Copied');
    } catch {
      setNote('Copy failed: select the text and copy it by hand');
    }
    clearTimeout(timer);
    timer = setTimeout(() => setNote(''), 3_000);
  };
  return (
    <span class="copy">
      <button type="button" onClick={copy}>
        {props.label ?? 'Copy'}
      </button>
      <span class="copy-note" aria-live="polite">
        {note()}
      </span>
    </span>
  );
};
