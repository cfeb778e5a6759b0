/**
 * When a payload is text: one rule for the whole extension (the Topics view's previews, the message view, the
 * history, the copied command line). Pure.
 */

/** UTF-8 text, or undefined; a payload `cut` short (a kept preview) may end inside a character, which is no error. */
export function utf8(bytes: Uint8Array, cut = false): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: cut });
  } catch {
    return undefined;
  }
}

/** `1 message`, `2 messages`, `1,000 messages`. */
export const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** Characters no text payload holds: C0 controls other than tab and line breaks, and DEL. */
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The payload as text when it is text, undefined when it is binary (invalid UTF-8 or control characters). */
export function payloadText(bytes: Uint8Array, cut = false): string | undefined {
  const text = utf8(bytes, cut);
  return text === undefined || CONTROL.test(text) ? undefined : text;
}
