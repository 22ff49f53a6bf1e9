import { builder } from '../builder';
import { SessionInfoRef } from '../loaders';
import type { SessionEvent, SessionEventKind } from '../ports';
import { AccountRef } from './account';
import { QrCodeRef } from './qr-code';
import { SessionStatusEnum } from './session';
import { DisconnectReasonEnum, SessionEventRef } from './session-events';

type EventOf<Kind extends SessionEventKind> = Extract<SessionEvent, { kind: Kind }>;

function eventRef<Kind extends SessionEventKind>(kind: Kind) {
  return builder.objectRef<EventOf<Kind>>(kind);
}

eventRef('SessionSnapshot').implement({
  description: 'The state of an instance when a subscription starts (or resumes from too far).',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    session: t.expose('session', { type: SessionInfoRef, description: 'The session now.' }),
    qrCode: t.expose('qrCode', {
      type: QrCodeRef,
      nullable: true,
      description: 'The current QR code while SCAN_QR_CODE; otherwise null.',
    }),
    resumed: t.exposeBoolean('resumed', {
      description:
        'False when `after` was older than the retained history, so events may have been missed.',
    }),
  }),
});

eventRef('SessionStatusChanged').implement({
  description: 'The session moved to another status.',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    status: t.expose('status', { type: SessionStatusEnum, description: 'The new status.' }),
    previousStatus: t.expose('previousStatus', {
      type: SessionStatusEnum,
      nullable: true,
      description: 'The status before, when known.',
    }),
  }),
});

eventRef('QrCodeUpdated').implement({
  description: 'WhatsApp rotated the QR code; show the new one.',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    qrCode: t.expose('qrCode', { type: QrCodeRef, description: 'The new QR code.' }),
  }),
});

eventRef('SessionAuthenticated').implement({
  description: 'A WhatsApp account was linked; the session is (becoming) WORKING.',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    me: t.expose('me', { type: AccountRef, description: 'The linked account.' }),
  }),
});

eventRef('SessionDisconnected').implement({
  description: 'The session lost its link or its connection to WhatsApp.',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    reason: t.expose('reason', { type: DisconnectReasonEnum, description: 'Why.' }),
  }),
});

eventRef('UpstreamHealthChanged').implement({
  description:
    'Wawp stopped answering for this instance (3 failures within 30 s), or answers again (2 answers in a row): until it does, its state may be stale. At most one per instance every 5 s.',
  interfaces: [SessionEventRef],
  fields: (t) => ({
    healthy: t.exposeBoolean('healthy', { description: 'True when Wawp answers again.' }),
    detail: t.exposeString('detail', {
      nullable: true,
      description: 'What failed, without secrets, when known.',
    }),
  }),
});
