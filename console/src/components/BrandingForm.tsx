import { type Component, createSignal, createUniqueId, type JSX } from 'solid-js';
import type { TenantBrandingInput } from '../gql/graphql';
import {
  type BrandingDraft,
  type BrandingErrors,
  type BrandingField,
  checkBrandingDraft,
  draftFromBranding,
  previewBranding,
  type TenantBrandingData,
  toBrandingInput,
} from '../lib/brandingDraft';
import type { CommandResult } from '../lib/createCommand';
import { BrandingPreview } from './BrandingPreview';
import { LogoField } from './LogoField';
import { type Outcome, OutcomeNote } from './OutcomeNote';

const FIELDS = new Set<string>([
  'displayName',
  'logoDataUrl',
  'accentColor',
  'supportUrl',
  'allowedReturnOrigins',
  'allowedEmbedOrigins',
]);
/** The picker's colour while the accent is blank or half typed: the page's own green. */
const DEFAULT_ACCENT = '#0b7a55';

/**
 * A tenant's branding of the connect page: name, logo, accent colour, support URL and the two
 * origin lists, with a live preview of the page. Colour, URL and logo are checked here; the
 * gateway's `BAD_USER_INPUT` reasons appear beside the field they name.
 */
export const BrandingForm: Component<{
  branding: TenantBrandingData;
  busy: boolean;
  /** Saves; on success the form shows what the gateway stored (it normalises origins, case). */
  onSave: (input: TenantBrandingInput) => Promise<CommandResult<{ branding: TenantBrandingData }>>;
}> = (props) => {
  const id = createUniqueId();
  const [draft, setDraft] = createSignal<BrandingDraft>(draftFromBranding(props.branding));
  const [errors, setErrors] = createSignal<BrandingErrors>({});
  const [note, setNote] = createSignal<Outcome | null>(null);
  const set = <K extends BrandingField>(field: K, value: BrandingDraft[K]) => {
    setDraft((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
  };
  const text = (field: BrandingField) => (event: { currentTarget: { value: string } }) =>
    set(field, event.currentTarget.value);
  const described = (field: BrandingField, hint = false) =>
    `${hint ? `${id}-${field}-hint ` : ''}${id}-${field}-problem`;
  const invalid = (field: BrandingField) => (errors()[field] ? 'true' : 'false');
  const problem = (field: BrandingField) => (
    <p id={`${id}-${field}-problem`} class="field-error span" aria-live="assertive">
      {errors()[field] ?? ''}
    </p>
  );
  const accentValid = () => /^#[0-9a-fA-F]{6}$/.test(draft().accentColor.trim());

  const submit: JSX.EventHandler<HTMLFormElement, SubmitEvent> = async (event) => {
    event.preventDefault();
    setNote(null);
    const found = checkBrandingDraft(draft());
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    const result = await props.onSave(toBrandingInput(draft()));
    if (result.ok) {
      setDraft(draftFromBranding(result.data.branding));
      setNote({ text: 'Branding saved.', error: false });
    } else if (result.field && FIELDS.has(result.field.name)) {
      setErrors({ [result.field.name]: result.field.message });
    } else {
      setNote({ text: result.message, error: true });
    }
  };

  return (
    <div class="branding">
      <form class="grid-form" onSubmit={submit} novalidate>
        <label for={`${id}-displayName`}>Display name</label>
        <input
          id={`${id}-displayName`}
          maxLength={80}
          value={draft().displayName}
          aria-invalid={invalid('displayName')}
          aria-describedby={described('displayName')}
          onInput={text('displayName')}
        />
        {problem('displayName')}
        <label for={`${id}-logoDataUrl`}>Logo</label>
        <LogoField
          id={`${id}-logoDataUrl`}
          value={draft().logoDataUrl}
          error={errors().logoDataUrl}
          onChange={(logo) => set('logoDataUrl', logo)}
        />
        <label for={`${id}-accentColor`}>Accent colour</label>
        <div class="row">
          <input
            id={`${id}-accentColor`}
            class="hex"
            placeholder="#0B7A55"
            maxLength={7}
            value={draft().accentColor}
            aria-invalid={invalid('accentColor')}
            aria-describedby={described('accentColor', true)}
            onInput={text('accentColor')}
          />
          <input
            type="color"
            aria-label="Pick the accent colour"
            value={accentValid() ? draft().accentColor.trim().toLowerCase() : DEFAULT_ACCENT}
            onInput={text('accentColor')}
          />
        </div>
        <p id={`${id}-accentColor-hint`} class="hint">
          #RRGGBB; blank keeps the page's own green. Button text turns black or white to stay
          readable.
        </p>
        {problem('accentColor')}
        <label for={`${id}-supportUrl`}>Support URL</label>
        <input
          id={`${id}-supportUrl`}
          type="url"
          placeholder="https://help.example.com"
          value={draft().supportUrl}
          aria-invalid={invalid('supportUrl')}
          aria-describedby={described('supportUrl')}
          onInput={text('supportUrl')}
        />
        {problem('supportUrl')}
        <label for={`${id}-allowedReturnOrigins`}>Allowed return origins</label>
        <textarea
          id={`${id}-allowedReturnOrigins`}
          rows="3"
          placeholder="https://app.example.com"
          value={draft().allowedReturnOrigins}
          aria-invalid={invalid('allowedReturnOrigins')}
          aria-describedby={described('allowedReturnOrigins', true)}
          onInput={text('allowedReturnOrigins')}
        />
        <p id={`${id}-allowedReturnOrigins-hint`} class="hint">
          One origin per line: where a connect link may send the user once linked.
        </p>
        {problem('allowedReturnOrigins')}
        <label for={`${id}-allowedEmbedOrigins`}>Allowed embed origins</label>
        <textarea
          id={`${id}-allowedEmbedOrigins`}
          rows="3"
          placeholder="https://app.example.com"
          value={draft().allowedEmbedOrigins}
          aria-invalid={invalid('allowedEmbedOrigins')}
          aria-describedby={described('allowedEmbedOrigins', true)}
          onInput={text('allowedEmbedOrigins')}
        />
        <p id={`${id}-allowedEmbedOrigins-hint`} class="hint">
          One origin per line: pages that may embed the connect widget.
        </p>
        {problem('allowedEmbedOrigins')}
        <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
          Save branding
        </button>
        <OutcomeNote outcome={note()} class="span" />
      </form>
      <BrandingPreview branding={previewBranding(draft())} />
    </div>
  );
};
