import { describe, expect, it } from 'vitest';
import { createMutex } from './mutex';

describe('mutex', () => {
  it('runs critical sections one at a time, in arrival order', async () => {
    const mutex = createMutex();
    const log: string[] = [];
    const section = (name: string, ms: number) =>
      mutex.run(async () => {
        log.push(`${name}>`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        log.push(`<${name}`);
        return name;
      });
    await expect(
      Promise.all([section('a', 20), section('b', 1), section('c', 5)]),
    ).resolves.toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a>', '<a', 'b>', '<b', 'c>', '<c']);
  });

  it('frees the lock when a section throws, and a release twice is harmless', async () => {
    const mutex = createMutex();
    await expect(mutex.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await mutex.acquire();
    release();
    release();
    await expect(mutex.run(async () => 'next')).resolves.toBe('next');
  });
});
