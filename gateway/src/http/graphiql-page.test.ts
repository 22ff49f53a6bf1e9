import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createGraphiQLPage, inlineScriptHashes } from './graphiql-page';

const sha = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

describe('inlineScriptHashes', () => {
  it('hashes every inline script exactly as written, and skips external ones', () => {
    const html =
      '<script>a()</script><script type="module">\n b() \n</script><script src="/x.js"></script>';
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('\n b() \n')]);
  });
});

describe('createGraphiQLPage', () => {
  it('renders GraphiQL with no external script or stylesheet, and a policy allowing its inline script', async () => {
    const page = createGraphiQLPage();
    expect(page.policy()).toBeNull();
    const html = await page.render({ title: 'wawp-gateway' });
    expect(html).toContain('<title>wawp-gateway</title>');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+rel="stylesheet"/i);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdn\./);
    const policy = page.policy() ?? '';
    const hashes = inlineScriptHashes(html);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) {
      expect(policy).toContain(`'${hash}'`);
    }
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toMatch(/https?:/);
    expect(policy).not.toContain("'unsafe-eval'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});
