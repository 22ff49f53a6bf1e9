export { createNotificationsService } from './notifications-service';
export { createNotifier } from './notifier';
export { createOutbox } from './outbox';
export { createSender, signatures } from './sender';
