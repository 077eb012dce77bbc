/**
 * Text for a person's terminal, one line of it: control characters (other than
 * tab) are written as escapes, so a file named "a\nb.cs" or holding ESC stays on
 * its line and cannot restyle the screen. JSON output needs none of this: it
 * escapes them itself.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    const code = c.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
  });
}
