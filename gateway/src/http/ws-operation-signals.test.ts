import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { createOperationSignals } from './ws-operation-signals';

const fakeSocket = () => new EventEmitter() as unknown as WebSocket;

describe('createOperationSignals', () => {
  it('aborts an operation when it completes, and only that one', () => {
    const signals = createOperationSignals();
    const socket = fakeSocket();
    const a = signals.open(socket, '1');
    const b = signals.open(socket, '2');
    signals.end(socket, '1');
    expect(a.aborted).toBe(true);
    expect(b.aborted).toBe(false);
  });

  it('aborts every operation of a socket when it closes, not those of another socket', () => {
    const signals = createOperationSignals();
    const socket = fakeSocket();
    const other = fakeSocket();
    const a = signals.open(socket, '1');
    const b = signals.open(socket, '2');
    const c = signals.open(other, '1');
    socket.emit('close');
    expect([a.aborted, b.aborted, c.aborted]).toEqual([true, true, false]);
  });

  it('gives a reused id a fresh signal and aborts the old one', () => {
    const signals = createOperationSignals();
    const socket = fakeSocket();
    const first = signals.open(socket, '1');
    const second = signals.open(socket, '1');
    expect(first.aborted).toBe(true);
    expect(second.aborted).toBe(false);
  });
});
