import { describe, expect, it, vi } from 'vitest';
import { cachedImages } from './image-cache';

describe('cachedImages', () => {
  it('draws each key once while it is among the last `limit`', async () => {
    const render = vi.fn(async (key: string) => Buffer.from(key));
    const image = cachedImages(render, 2);
    expect(await image('a')).toEqual(Buffer.from('a'));
    await image('a');
    await image('b');
    expect(render).toHaveBeenCalledTimes(2);
    await image('c'); // 'a' is the oldest: forgotten
    await image('b');
    expect(render).toHaveBeenCalledTimes(3);
    await image('a');
    expect(render).toHaveBeenCalledTimes(4);
  });

  it('forgets a render that failed', async () => {
    const render = vi
      .fn<(key: string) => Promise<Buffer>>()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValue(Buffer.from('ok'));
    const image = cachedImages(render);
    await expect(image('k')).rejects.toThrow('boom');
    expect(await image('k')).toEqual(Buffer.from('ok'));
    expect(render).toHaveBeenCalledTimes(2);
  });
});
