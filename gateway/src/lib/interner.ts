/**
 * One copy of each distinct string: `intern(text)` returns the copy first seen. For strings many
 * long-lived objects hold (a subscription's query text), so 10,000 subscriptions of one document
 * keep one string, not 10,000. At most `max` are remembered; past it the memory starts over,
 * which only costs sharing.
 */
export function createInterner(max: number) {
  const known = new Map<string, string>();
  return {
    intern(text: string): string {
      const held = known.get(text);
      if (held !== undefined) {
        return held;
      }
      if (known.size >= max) {
        known.clear();
      }
      known.set(text, text);
      return text;
    },
  };
}
