// Styles arrive as text from the bundle (esbuild's css text loader) and are adopted as a constructed
// stylesheet: the page's Content-Security-Policy allows no inline <style>, and needs none this way.
export function adoptStyles(cssText: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(cssText);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
