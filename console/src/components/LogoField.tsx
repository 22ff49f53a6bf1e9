import { type Component, createSignal, Show } from 'solid-js';
import { checkLogoFile, readLogo } from '../lib/brandingDraft';

/**
 * The tenant's logo: choose a PNG, JPEG or WebP file of at most 64 KiB (checked here before it
 * is read), shown small, or remove it. `error` is the gateway's reason, when it refused one.
 */
export const LogoField: Component<{
  id: string;
  value: string | null;
  error: string | undefined;
  onChange: (dataUrl: string | null) => void;
}> = (props) => {
  const [problem, setProblem] = createSignal<string | null>(null);
  const shown = () => problem() ?? props.error ?? null;
  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) {
      return;
    }
    const refused = checkLogoFile(file);
    setProblem(refused);
    if (refused) {
      input.value = '';
      return;
    }
    try {
      props.onChange(await readLogo(file));
    } catch {
      setProblem('The file could not be read; choose it again.');
    }
  };
  return (
    <div class="logo-field stack">
      <div class="row">
        <Show when={props.value}>
          {(src) => (
            <img class="logo-thumb" src={src()} alt="Current logo" width="48" height="48" />
          )}
        </Show>
        <input
          id={props.id}
          type="file"
          accept="image/png,image/jpeg,image/webp"
          aria-invalid={shown() ? 'true' : 'false'}
          aria-describedby={`${props.id}-hint ${props.id}-problem`}
          onChange={(event) => void choose(event.currentTarget)}
        />
        <Show when={props.value}>
          <button
            type="button"
            onClick={() => {
              setProblem(null);
              props.onChange(null);
            }}
          >
            Remove logo
          </button>
        </Show>
      </div>
      <p id={`${props.id}-hint`} class="hint">
        PNG, JPEG or WebP, at most 64 KiB; shown square.
      </p>
      <p id={`${props.id}-problem`} class="field-error" aria-live="assertive">
        {shown() ?? ''}
      </p>
    </div>
  );
};
