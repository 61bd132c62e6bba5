// Text from Kafka may carry bidirectional control characters (U+202E RIGHT-TO-LEFT OVERRIDE and friends).
// Set as one text node, an override reverses everything after it up to the end of the line: the rest of the
// payload, the "→ response" part of a preview, the closing quotes. So each value that holds one is put in
// its own isolate (a span with `unicode-bidi: isolate`, the CSS form of <bdi>): a JSON string's content
// between its quotes, or outside strings the run of non-space characters. The override then acts inside
// that value only, and the value is marked so a person sees that it carries such a character. Always text,
// never markup.

// Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
// A JSON string (to its closing quote, else to the end of the line: previews are cut), or a bare run.
const VALUE = /"((?:[^"\\\n]|\\.)*)("|$)|[^\s"]+/gm;

export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}

function isolate(text: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'bidi-isolate';
  span.title =
    'Holds a bidirectional control character (such as U+202E); shown isolated from the text around it.';
  span.textContent = text;
  return span;
}

/** The nodes showing `text`, with every value that carries a bidi control isolated. */
export function bidiSafeNodes(text: string): Node[] {
  if (!hasBidiControl(text)) return [document.createTextNode(text)];
  const out: Node[] = [];
  let plain = '';
  let last = 0;
  const flush = () => {
    if (plain) out.push(document.createTextNode(plain));
    plain = '';
  };
  for (const m of text.matchAll(VALUE)) {
    const token = m[0];
    const at = m.index;
    plain += text.slice(last, at);
    last = at + token.length;
    if (!hasBidiControl(token)) {
      plain += token;
      continue;
    }
    const content = m[1];
    if (content === undefined) {
      flush();
      out.push(isolate(token));
      continue;
    }
    // Quotes stay outside, where they belong, whatever the content does.
    plain += '"';
    flush();
    out.push(isolate(content));
    plain += m[2] ?? '';
  }
  plain += text.slice(last);
  flush();
  return out;
}

/** Replaces the element's content with `text`, isolating values that carry bidi controls. */
export function setBidiSafeText(el: HTMLElement, text: string): void {
  if (!hasBidiControl(text)) {
    if (el.textContent !== text || el.childElementCount > 0) el.textContent = text;
    return;
  }
  el.replaceChildren(...bidiSafeNodes(text));
}
