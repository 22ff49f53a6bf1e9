import { type Component, createMemo, createSignal, Match, on, onCleanup, Switch } from 'solid-js';
import { type FragmentType, getFragmentData, graphql } from '../gql';

export const QrCountdown_qrCode = graphql(`
  fragment QrCountdown_qrCode on QrCode {
    value
    imageDataUrl
    expiresAt
  }
`);

const RADIUS = 46;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/**
 * The QR to scan with a countdown ring that follows the code's real `expiresAt`. A new `qrCode`
 * swaps the image at once and restarts the ring. Past expiry it shows "Generating fresh code…"
 * (Wawp rotates codes); after `graceMs` with no new code, or when `exhausted`, the expired state.
 */
export const QrCountdown: Component<{
  qrCode: FragmentType<typeof QrCountdown_qrCode> | null;
  /** The last code expired for good (FAILED after scanning, or `QR_EXPIRED`). */
  exhausted?: boolean;
  onRestart: () => void;
  /** @default 30_000 // 30 s without a successor after expiry = expired */
  graceMs?: number;
  /** What the placeholder says while a new code is on its way. @default 'Generating fresh code…' */
  waitingLabel?: string;
}> = (props) => {
  const qr = () => getFragmentData(QrCountdown_qrCode, props.qrCode);
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), 250);
  onCleanup(() => clearInterval(timer));
  // when each code arrived: the ring's full circle is that code's own lifetime
  const receivedAt = createMemo(
    on(
      () => qr()?.value,
      () => {
        const at = Date.now();
        setNow(at);
        return at;
      },
    ),
  );
  const expiresAt = () => {
    const iso = qr()?.expiresAt;
    return iso ? Date.parse(iso) : null;
  };
  const remainingMs = () => {
    const end = expiresAt();
    return end === null ? null : Math.max(0, end - now());
  };
  const fraction = () => {
    const end = expiresAt();
    const left = remainingMs();
    if (end === null || left === null) {
      return 1;
    }
    return Math.min(1, left / Math.max(1, end - receivedAt()));
  };
  const phase = () => {
    const end = expiresAt();
    if (props.exhausted) {
      return 'expired';
    }
    if (!qr()) {
      return 'waiting';
    }
    if (end === null || now() < end) {
      return 'active';
    }
    return now() - end < (props.graceMs ?? 30_000) ? 'waiting' : 'expired';
  };

  return (
    <div class="qr" data-phase={phase()}>
      <Switch>
        <Match when={phase() === 'active'}>
          <div class="qr-frame">
            <img class="qr-image" src={qr()?.imageDataUrl} alt="QR code" width="264" height="264" />
            <svg class="qr-ring" viewBox="0 0 100 100" aria-hidden="true">
              <circle class="qr-ring-track" cx="50" cy="50" r={RADIUS} />
              <circle
                class="qr-ring-left"
                cx="50"
                cy="50"
                r={RADIUS}
                stroke-dasharray={String(CIRCUMFERENCE)}
                stroke-dashoffset={String(CIRCUMFERENCE * (1 - fraction()))}
                data-fraction={fraction().toFixed(3)}
              />
            </svg>
          </div>
          <p class="qr-timer" role="timer" aria-live="off">
            {remainingMs() === null
              ? 'This code has no announced expiry.'
              : `Expires in ${Math.ceil((remainingMs() ?? 0) / 1000)} s`}
          </p>
        </Match>
        <Match when={phase() === 'waiting'}>
          <div class="qr-frame qr-placeholder" aria-busy="true">
            <span class="spinner" aria-hidden="true" />
            <p>{props.waitingLabel ?? 'Generating fresh code…'}</p>
          </div>
        </Match>
        <Match when={phase() === 'expired'}>
          <div class="qr-frame qr-placeholder qr-expired">
            <p>
              <strong>This QR code expired.</strong> Restart the session to get new codes.
            </p>
            <button type="button" class="primary" onClick={() => props.onRestart()}>
              Restart
            </button>
          </div>
        </Match>
      </Switch>
    </div>
  );
};
