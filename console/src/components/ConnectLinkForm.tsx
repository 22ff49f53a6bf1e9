import { type Component, createSignal } from 'solid-js';
import { checkTtlMinutes, LINK_TTL } from '../lib/linkState';

/** What the form asks the gateway for. */
export interface NewConnectLink {
  ttlMinutes: number;
  returnUrl: string | null;
}

/** Problems to show beside a field, by the field's schema name. */
export type LinkFieldErrors = Partial<Record<'ttlMinutes' | 'returnUrl', string>>;

/**
 * Lifetime (5–1440 minutes, 30 by default) and an optional return URL. The lifetime is checked
 * here too; the gateway's own `BAD_USER_INPUT` reasons arrive as `errors`, beside their field.
 */
export const ConnectLinkForm: Component<{
  busy: boolean;
  errors: LinkFieldErrors;
  onCreate: (link: NewConnectLink) => void;
}> = (props) => {
  const [ttl, setTtl] = createSignal(String(LINK_TTL.default));
  const [returnUrl, setReturnUrl] = createSignal('');
  const [ttlProblem, setTtlProblem] = createSignal<string | null>(null);
  const ttlError = () => ttlProblem() ?? props.errors.ttlMinutes ?? null;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const problem = checkTtlMinutes(ttl());
    setTtlProblem(problem);
    if (!problem) {
      props.onCreate({ ttlMinutes: Number(ttl()), returnUrl: returnUrl().trim() || null });
    }
  };
  return (
    <form class="grid-form" onSubmit={submit} novalidate>
      <label for="link-ttl">Lifetime (minutes)</label>
      <input
        id="link-ttl"
        type="number"
        inputmode="numeric"
        min={LINK_TTL.min}
        max={LINK_TTL.max}
        step="1"
        required
        value={ttl()}
        onInput={(event) => setTtl(event.currentTarget.value)}
        aria-invalid={ttlError() ? 'true' : 'false'}
        aria-describedby="link-ttl-problem"
      />
      <p id="link-ttl-problem" class="field-error span" aria-live="assertive">
        {ttlError() ?? ''}
      </p>
      <label for="link-return">Return URL (optional)</label>
      <input
        id="link-return"
        type="url"
        placeholder="https://app.example.com/whatsapp/done"
        value={returnUrl()}
        onInput={(event) => setReturnUrl(event.currentTarget.value)}
        aria-invalid={props.errors.returnUrl ? 'true' : 'false'}
        aria-describedby="link-return-hint link-return-problem"
      />
      <p id="link-return-hint" class="hint">
        Where the page sends the user once linked; it must be on one of the tenant's allowed return
        origins.
      </p>
      <p id="link-return-problem" class="field-error span" aria-live="assertive">
        {props.errors.returnUrl ?? ''}
      </p>
      <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
        Create connect link
      </button>
    </form>
  );
};
