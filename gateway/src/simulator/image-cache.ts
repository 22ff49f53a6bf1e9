/**
 * `render` remembering its last `limit` images by key (the oldest is forgotten first, and so is
 * a render that failed). Wawp's images change only with their input (a QR with its value, a
 * WORKING screenshot with its session), and drawing one costs 10–16 ms of CPU.
 */
export function cachedImages(
  render: (key: string) => Promise<Buffer>,
  limit = 64,
): (key: string) => Promise<Buffer> {
  const cache = new Map<string, Promise<Buffer>>();
  return (key) => {
    const hit = cache.get(key);
    if (hit) {
      return hit;
    }
    const image = render(key);
    if (cache.size >= limit) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) {
        cache.delete(oldest);
      }
    }
    cache.set(key, image);
    image.catch(() => cache.delete(key));
    return image;
  };
}
