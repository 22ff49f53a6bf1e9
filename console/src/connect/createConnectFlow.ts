import type { Client } from '@urql/core';
import { ErrorCode, errorCodeOf } from '@wawp-gateway/schema/protocol';
import { createEffect, createMemo, createSignal, on, onCleanup, untrack } from 'solid-js';
import { createStore } from 'solid-js/store';
import { applyConnectEvent, type ConnectView, EMPTY_CONNECT_VIEW, qrIsStale } from './connectView';
import { CONNECT_MESSAGES, pairingErrorMessage } from './messages';
import {
  ConnectEvents,
  ConnectQrCode,
  ConnectRequestPairingCode,
  ConnectStartSession,
} from './operations';

/** How many times in a row the flow starts a STOPPED or FAILED session by itself. */
const AUTO_STARTS = 3;
/** How long a SCAN_QR_CODE without a valid QR waits for the stream before asking for one. */
const QR_GRACE_MS = 1_500;
const QR_RETRY_MS = 3_000;
/** How long WORKING waits for the account's push name before telling it is connected. */
const PUSH_NAME_WAIT_MS = 1_500;

export type LinkMode = 'qr' | 'phone';

/** What the pairing-code form shows. */
export interface PairingView {
  code: string | null;
  error: string | null;
  busy: boolean;
}

const retryAfterOf = (errors: readonly unknown[]) => {
  for (const error of errors) {
    const ms = (error as { extensions?: { retryAfterMs?: unknown } }).extensions?.retryAfterMs;
    if (typeof ms === 'number' && ms > 0) {
      return Math.min(10_000, Math.max(500, ms));
    }
  }
  return QR_RETRY_MS;
};

/**
 * The whole linking flow of one instance, driven by its `sessionEvents`: starts a STOPPED or
 * FAILED session (at most three times in a row by itself), asks for a QR when the stream has no
 * valid one (waiting out `QR_REFRESHING`), and requests pairing codes, holding a request made
 * before SCAN_QR_CODE until the session gets there. `onStreamEnded` is called when the server
 * ends the stream (the link was revoked, expired or used). Call under a Solid owner.
 */
export function createConnectFlow(
  client: Client,
  instanceId: string,
  callbacks: {
    onStreamEnded: () => void;
    /** At once on WORKING: the server may end the stream right after (the link is used). */
    onWorking: () => void;
    /** Shortly after WORKING, once the push name is known (or did not come). */
    onConnected: (pushName: string | null) => void;
  },
) {
  const [view, setView] = createSignal<ConnectView>(EMPTY_CONNECT_VIEW);
  const [mode, setMode] = createSignal<LinkMode>('qr');
  const [startError, setStartError] = createSignal<string | null>(null);
  const [pairing, setPairing] = createStore<PairingView>({ code: null, error: null, busy: false });
  const status = () => view().status;

  const events = client
    .subscription(ConnectEvents, { instanceId, after: null })
    .subscribe((result) => {
      if (result.error) {
        callbacks.onStreamEnded();
        return;
      }
      const event = result.data?.sessionEvents;
      if (event) {
        setView((current) => applyConnectEvent(current, event));
      }
    });
  onCleanup(() => events.unsubscribe());

  let starts = 0;
  let starting = false;
  const start = async () => {
    if (starting) {
      return;
    }
    starting = true;
    starts += 1;
    setStartError(null);
    const result = await client.mutation(ConnectStartSession, { instanceId }).toPromise();
    starting = false;
    if (result.error) {
      setStartError(CONNECT_MESSAGES.startFailed);
    }
  };
  createEffect(
    on(status, (now) => {
      if (now === 'STOPPED' || now === 'FAILED') {
        if (starts < AUTO_STARTS) {
          void start();
        } else {
          setStartError(CONNECT_MESSAGES.startFailed);
        }
      } else if (now !== null) {
        setStartError(null);
        if (now === 'SCAN_QR_CODE' || now === 'WORKING') {
          starts = 0;
        }
      }
    }),
  );

  // WORKING and SessionAuthenticated come in either order: wait a moment for the push name
  let working = false;
  let connected = false;
  let nameTimer: ReturnType<typeof setTimeout> | undefined;
  const connect = () => {
    clearTimeout(nameTimer);
    if (!connected) {
      connected = true;
      callbacks.onConnected(untrack(view).pushName);
    }
  };
  createEffect(() => {
    const { status: now, pushName } = view();
    if (now !== 'WORKING' || connected) {
      return;
    }
    if (!working) {
      working = true;
      callbacks.onWorking();
      nameTimer = setTimeout(connect, PUSH_NAME_WAIT_MS);
    }
    if (pushName !== null) {
      connect();
    }
  });
  onCleanup(() => clearTimeout(nameTimer));

  // a code asked for before SCAN_QR_CODE waits here, then goes out once the session gets there
  let pending: string | null = null;
  const sendPairing = async (phoneNumber: string) => {
    setPairing({ busy: true, error: null });
    const result = await client
      .mutation(ConnectRequestPairingCode, { instanceId, phoneNumber })
      .toPromise();
    const code = result.data?.requestPairingCode.code;
    if (code) {
      setPairing({ code, error: null, busy: false });
      return;
    }
    const errors = result.error?.graphQLErrors ?? [];
    if (
      errorCodeOf(errors[0]) === ErrorCode.SessionNotReady &&
      untrack(status) !== 'SCAN_QR_CODE'
    ) {
      pending = phoneNumber;
      return;
    }
    setPairing({
      code: null,
      busy: false,
      error: pairingErrorMessage(errors, Boolean(result.error?.networkError)),
    });
  };
  createEffect(
    on(status, (now) => {
      if (now === 'SCAN_QR_CODE' && pending !== null) {
        const phoneNumber = pending;
        pending = null;
        void sendPairing(phoneNumber);
      }
    }),
  );

  const [now, setNow] = createSignal(Date.now());
  const clock = setInterval(() => setNow(Date.now()), 1_000);
  onCleanup(() => clearInterval(clock));
  const needsQr = createMemo(() => status() === 'SCAN_QR_CODE' && qrIsStale(view().qrCode, now()));
  let qrTimer: ReturnType<typeof setTimeout> | undefined;
  const pollQr = async () => {
    qrTimer = undefined;
    const result = await client
      .query(ConnectQrCode, { instanceId }, { requestPolicy: 'network-only' })
      .toPromise();
    if (!untrack(needsQr)) {
      return;
    }
    const qr = result.data?.qrCode;
    if (qr && !qrIsStale(qr, Date.now())) {
      setView((current) =>
        current.status === 'SCAN_QR_CODE' ? { ...current, qrCode: qr } : current,
      );
      return;
    }
    qrTimer = setTimeout(pollQr, retryAfterOf(result.error?.graphQLErrors ?? []));
  };
  createEffect(
    on(needsQr, (need) => {
      clearTimeout(qrTimer);
      qrTimer = need ? setTimeout(pollQr, QR_GRACE_MS) : undefined;
    }),
  );
  onCleanup(() => clearTimeout(qrTimer));

  const startIfIdle = () => {
    const current = untrack(status);
    if (current === 'STOPPED' || current === 'FAILED') {
      starts = 0;
      void start();
    }
  };

  return {
    view,
    mode,
    pairing,
    startError,
    /** Shows the phone-number form, starting the session when it is not running. */
    usePhone: () => {
      setMode('phone');
      startIfIdle();
    },
    useQr: () => setMode('qr'),
    /** Asks for a pairing code now, or as soon as the session is SCAN_QR_CODE. */
    requestPairingCode: (phoneNumber: string) => {
      if (untrack(status) === 'SCAN_QR_CODE') {
        void sendPairing(phoneNumber);
      } else {
        pending = phoneNumber;
        setPairing({ busy: true, error: null });
        startIfIdle();
      }
    },
    /** After `startError`: try starting again. */
    retryStart: () => {
      starts = 0;
      void start();
    },
  };
}

export type ConnectFlow = ReturnType<typeof createConnectFlow>;
