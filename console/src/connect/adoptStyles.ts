const sheets = new Map<string, CSSStyleSheet>();

/**
 * Gives a shadow root its styles: one constructable stylesheet shared by every element with the
 * same CSS, or a `<style>` inside the shadow root where the browser has no constructable sheets.
 * Either way nothing reaches the host document.
 */
export function adoptStyles(root: ShadowRoot, css: string): void {
  const constructable =
    'adoptedStyleSheets' in root &&
    typeof CSSStyleSheet === 'function' &&
    'replaceSync' in CSSStyleSheet.prototype;
  if (constructable) {
    let sheet = sheets.get(css);
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
      sheets.set(css, sheet);
    }
    if (!root.adoptedStyleSheets.includes(sheet)) {
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    }
    return;
  }
  if (!root.querySelector('style[data-connect]')) {
    const style = root.ownerDocument.createElement('style');
    style.dataset.connect = '';
    style.textContent = css;
    root.prepend(style);
  }
}
