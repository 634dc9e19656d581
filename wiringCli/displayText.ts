// How names from an org are shown in the command line's text output (comments, reports, messages), so a
// name holding a newline or another control character cannot break a line or forge one.

/** Control characters escaped as in JSON (a newline shows as `\n`), so the text stays one line. */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => JSON.stringify(character).slice(1, -1));
}
