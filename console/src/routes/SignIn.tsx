import { createSignal, Show } from 'solid-js';

/** Sign in with a gateway key (admin or tenant). The key stays in this tab's sessionStorage. */
export function SignInScreen(props: { notice: string | null; onSignIn: (key: string) => void }) {
  const [key, setKey] = createSignal('');
  return (
    <main id="main" class="sign-in">
      <form
        class="card stack"
        onSubmit={(event) => {
          event.preventDefault();
          if (key().trim()) {
            props.onSignIn(key().trim());
          }
        }}
      >
        <h1>Wawp gateway console</h1>
        <Show when={props.notice}>
          <p class="error" role="alert">
            {props.notice}
          </p>
        </Show>
        <label for="gateway-key">Gateway key</label>
        <input
          id="gateway-key"
          type="password"
          autocomplete="off"
          spellcheck={false}
          required
          aria-describedby="gateway-key-hint"
          value={key()}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <p id="gateway-key-hint" class="hint">
          Paste the admin key that <code>pnpm start</code> prints, or a tenant key. Opening the link
          it prints signs you in directly. The key stays in this tab and is never put in a URL.
        </p>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
