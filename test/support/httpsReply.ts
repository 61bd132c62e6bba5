// Reading a whole HTTPS reply in tests: the sandbox's REST answers are JSON, but an error page or an empty
// body is not, and each caller says what it wants in place of the JSON then.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface TextReply {
  status: number;
  text: string;
  headers: IncomingHttpHeaders;
}

/** The reply's status, headers and whole body as UTF-8 text. */
export function readReply(res: IncomingMessage): Promise<TextReply> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => (text += c));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    res.on('error', reject);
  });
}

/** `text` parsed as JSON, or `fallback` when it is not JSON. */
export function jsonOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}
