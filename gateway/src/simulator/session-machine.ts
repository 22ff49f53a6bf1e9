import { conflict, invalidParameter, missingParameter, SimError } from './errors';
import { makeLid, makePairingCode, makePhone, makeQrValue, toDisplayCode } from './ids';
import type { Scheduler } from './scheduler';
import { type Instance, MAX_HISTORY, type Me, SessionStatus } from './types';

/**
 * Lifecycle timings in simulated milliseconds (docs/wawp-contract.md section 3); the scheduler divides them
 * by the time scale.
 */
export const TIMINGS = {
  firstQrMs: 60_000,
  laterQrMs: 20_000,
  maxQrs: 6,
  reconnectMs: 2_000,
} as const;

/** Digits with country code: 8–15 digits, no `+`, no leading `00` (nor any leading 0). */
export const isPhoneNumber = (value: string) => /^[1-9]\d{7,14}$/.test(value);

/** @private */
export interface SessionMachineOptions {
  scheduler: Scheduler;
  /** STARTING duration before SCAN_QR_CODE or WORKING, simulated ms. */
  bootMs: number;
  /** A `stuckStarting` fault: boot and reconnect never finish until the next start. */
  isStuckStarting(instanceId: string): boolean;
  /** Called after every status assignment, QR rotations included (webhooks hang off it). */
  onStatus(instance: Instance): void;
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;

/** The status machine of docs/wawp-contract.md section 3: every transition of every instance goes through here. */
export function createSessionMachine(options: SessionMachineOptions) {
  const { scheduler } = options;

  const setStatus = (instance: Instance, status: SessionStatus) => {
    const now = Date.now();
    instance.status = status;
    instance.statuses = [...instance.statuses, { status, timestamp: now }].slice(-3);
    instance.history.push({ status, at: now });
    if (instance.history.length > MAX_HISTORY) {
      instance.history.splice(0, instance.history.length - MAX_HISTORY);
    }
    if (status !== SessionStatus.ScanQrCode) {
      instance.qr = null;
      instance.pairing = null;
    }
    options.onStatus(instance);
  };

  const schedule = (instance: Instance, ms: number, fn: () => void) => {
    instance.cancelTimer?.();
    const cancel = scheduler.after(ms, () => {
      instance.cancelTimer = null;
      fn();
    });
    instance.cancelTimer = cancel;
  };

  const cancelTimer = (instance: Instance) => {
    instance.cancelTimer?.();
    instance.cancelTimer = null;
  };

  const showQr = (instance: Instance, index: number) => {
    const ttl = index === 1 ? TIMINGS.firstQrMs : TIMINGS.laterQrMs;
    // the QR is in place before the status fires, so webhook receivers can fetch it at once
    instance.qr = { value: makeQrValue(), index, expiresAt: Date.now() + scheduler.scale(ttl) };
    setStatus(instance, SessionStatus.ScanQrCode);
    schedule(instance, ttl, () => {
      if (index < TIMINGS.maxQrs) {
        showQr(instance, index + 1);
      } else {
        setStatus(instance, SessionStatus.Failed);
      }
    });
  };

  const connect = (instance: Instance, ms: number) => {
    setStatus(instance, SessionStatus.Starting);
    schedule(instance, ms, () => {
      if (options.isStuckStarting(instance.id)) {
        return;
      }
      if (instance.auth) {
        setStatus(instance, SessionStatus.Working);
      } else {
        showQr(instance, 1);
      }
    });
  };

  const login = (instance: Instance, me: Me) => {
    cancelTimer(instance);
    instance.auth = me;
    setStatus(instance, SessionStatus.Working);
  };

  const requireStatus = (instance: Instance, status: SessionStatus, action: string) => {
    if (instance.status !== status) {
      throw conflict(`Cannot ${action}: instance is ${instance.status}, not ${status}`);
    }
  };

  const stop = (instance: Instance) => {
    cancelTimer(instance);
    if (instance.status !== SessionStatus.Stopped) {
      setStatus(instance, SessionStatus.Stopped);
    }
  };

  const start = (instance: Instance) => {
    if (instance.status === SessionStatus.Stopped || instance.status === SessionStatus.Failed) {
      connect(instance, options.bootMs);
    }
  };

  return {
    start,
    stop,
    /** WAHA's restart: stop (STOPPED fires if it was running), then start. */
    restart(instance: Instance) {
      stop(instance);
      start(instance);
    },
    /** Clears stored credentials; a running session comes back in SCAN_QR_CODE. */
    logout(instance: Instance) {
      const wasRunning = instance.status !== SessionStatus.Stopped;
      instance.auth = null;
      if (wasRunning) {
        stop(instance);
        connect(instance, options.bootMs);
      }
    },
    /** Hands out a new pairing code for `phone`; the previous one stops working. */
    requestCode(instance: Instance, phone: string) {
      requireStatus(instance, SessionStatus.ScanQrCode, 'request a pairing code');
      instance.pairing = { code: makePairingCode(), phone };
      return toDisplayCode(instance.pairing.code);
    },
    /** The phone scans the current QR. */
    scan(instance: Instance, input: { pushName?: string | undefined; phone?: string | undefined }) {
      requireStatus(instance, SessionStatus.ScanQrCode, 'scan');
      const phone = input.phone ?? makePhone();
      if (!isPhoneNumber(phone)) {
        throw invalidParameter('phone', 'must be 8-15 digits with country code');
      }
      login(instance, toMe(phone, input.pushName));
    },
    /** The phone enters a pairing code; it must match the latest one requested. */
    enterCode(instance: Instance, code: string | undefined) {
      requireStatus(instance, SessionStatus.ScanQrCode, 'enter a code');
      if (!code) {
        throw missingParameter('code');
      }
      const pairing = instance.pairing;
      if (!pairing || code.replace(/[\s-]/g, '').toUpperCase() !== pairing.code) {
        throw new SimError(422, {
          status: 422,
          code: 'invalid_pairing_code',
          message: pairing ? 'The pairing code does not match' : 'No pairing code was requested',
        });
      }
      login(instance, toMe(pairing.phone, undefined));
    },
    /** The device is removed on the phone: auth is gone and the session ends in FAILED. */
    unlink(instance: Instance) {
      requireStatus(instance, SessionStatus.Working, 'unlink');
      cancelTimer(instance);
      instance.auth = null;
      setStatus(instance, SessionStatus.Failed);
    },
    /** The socket drops: WAHA reconnects 2 s later with the pairing kept ("Warm Reset"). */
    drop(instance: Instance) {
      requireStatus(instance, SessionStatus.Working, 'drop');
      connect(instance, TIMINGS.reconnectMs);
    },
  };
}

const toMe = (phone: string, pushName: string | undefined): Me => ({
  id: `${phone}@c.us`,
  pushName: pushName ?? 'Simulated User',
  lid: makeLid(),
  platform: 'smba',
});
