import { describe, expect, it, vi } from 'vitest';
import { createUpstreamHealth } from './upstream-health';

function setup() {
  let now = 0;
  const health = createUpstreamHealth({ now: () => now });
  const changes = vi.fn();
  health.onChange(changes);
  return { health, changes, advance: (ms: number) => (now += ms) };
}

describe('createUpstreamHealth', () => {
  it('goes down after 3 failures within 30 s, and up after 2 answers in a row', () => {
    const { health, changes, advance } = setup();
    health.failed('A', 'Wawp upstream on session/info');
    health.failed('A', 'Wawp upstream on session/info');
    expect(health.healthy('A')).toBe(true);
    health.failed('A', 'Wawp timeout on session/info');
    expect(health.healthy('A')).toBe(false);
    expect(changes).toHaveBeenCalledWith({
      instanceId: 'A',
      healthy: false,
      detail: 'Wawp timeout on session/info',
    });
    advance(1_000);
    health.succeeded('A');
    expect(health.healthy('A')).toBe(false);
    health.failed('A', 'again');
    health.succeeded('A');
    expect(health.healthy('A')).toBe(false);
    health.succeeded('A');
    expect(health.healthy('A')).toBe(true);
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('forgets failures older than the window, and a success in between', () => {
    const { health, advance } = setup();
    health.failed('A', 'x');
    health.failed('A', 'x');
    advance(30_000);
    health.failed('A', 'x');
    expect(health.healthy('A')).toBe(true);
    health.failed('A', 'x');
    health.succeeded('A');
    health.failed('A', 'x');
    health.failed('A', 'x');
    expect(health.healthy('A')).toBe(true);
  });

  it('judges each instance on its own calls: one failing engine leaves the others (and Wawp) up', () => {
    const { health, changes } = setup();
    for (let i = 0; i < 30; i++) {
      health.failed('A', 'x');
    }
    health.succeeded('B');
    expect(health.healthy('A')).toBe(false);
    expect(health.healthy('B')).toBe(true);
    expect(health.healthy()).toBe(true);
    expect(changes).toHaveBeenCalledTimes(1);
  });

  it('says Wawp as a whole is down while something is down and nothing answered for 30 s', () => {
    const { health, advance } = setup();
    health.succeeded('B');
    advance(31_000);
    for (let i = 0; i < 3; i++) {
      health.failed('A', 'x');
      health.failed(null, 'x');
    }
    expect(health.healthy(null)).toBe(false);
    expect(health.healthy()).toBe(false);
    health.succeeded('B');
    expect(health.healthy()).toBe(true);
  });
});
