/**
 * Whether a file is a mosquitto config at all, and whether it is a whole broker's config. Names are not
 * enough: `*.conf` under a `conf.d/` folder is as often an nginx or systemd file, and an upstart job is
 * called `mosquitto.conf` too. Pure functions of the text and the path.
 */
import { firstOfFinder } from '../textSearch';
import { forEachOptionLine } from './lexer';
import { suggestName } from './messages';
import { findOption, OPTIONS, REMOVED_OPTIONS } from './options';

/** Option names a misspelling is compared with. */
const NAMES = OPTIONS.filter((o) => !o.name.endsWith('*')).map((o) => o.name);

/** Lines read in a long file: enough to tell the format. */
const SAMPLE_LINES = 200;

/** How a text's option lines compare with mosquitto's options. */
export interface ConfLikeness {
  /** Option lines looked at. */
  lines: number;
  /** Lines whose name is a mosquitto option, a removed one, or a near miss of one. */
  known: number;
  /** The first line that is not (0-based), for the message. */
  firstForeign?: { line: number; name: string };
}

/** Counts the option lines that read as mosquitto options. */
export function confLikeness(text: string): ConfLikeness {
  const result: ConfLikeness = { lines: 0, known: 0 };
  forEachOptionLine(text, (line) => {
    if (result.lines >= SAMPLE_LINES) return false;
    result.lines++;
    const name = beforeTab(line.name.text.startsWith('\uFEFF') ? line.name.text.slice(1) : line.name.text);
    if (isMosquittoName(name, line.text)) result.known++;
    else result.firstForeign ??= { line: line.line, name };
    return true;
  });
  return result;
}

/** The text before its first TAB (mosquitto reads a TAB as part of the name; the format is told by what precedes it). */
const beforeTab = (text: string): string => {
  const tab = text.indexOf('\t');
  return tab < 0 ? text : text.slice(0, tab);
};

function isMosquittoName(name: string, text: string): boolean {
  if (name === '' || name.startsWith('#')) return true; // an indented comment or a TAB-indented line
  if (findOption(name) || Object.hasOwn(REMOVED_OPTIONS, name)) return true;
  // A misspelt option, but not a line of another format (`listen 80;`, `server {`, `Key=value`, `[Unit]`).
  if (/[;{}=[\]<>"]/.test(text) || !/^[A-Za-z][A-Za-z0-9_.]*$/.test(name)) return false;
  return suggestName(name, NAMES, 'any version') !== undefined;
}

/** Template placeholders (Jinja/Ansible `{{ }}` `{% %}`, Go templates, ERB `<% %>`) outside comments. */
const PLACEHOLDERS = ['{{', '{%', '<%'];

/** The first line (0-based) of a template's placeholder, when the text is a template rather than a config. */
export function templateLine(text: string): number | undefined {
  // One indexOf per placeholder, not one regex for all three: indexOf scans about 20 times faster.
  const find = firstOfFinder(text, PLACEHOLDERS);
  for (let from = 0; ;) {
    const index = find(from);
    if (index < 0) return undefined;
    const lineStart = text.lastIndexOf('\n', index) + 1;
    if (text.charCodeAt(lineStart) !== 0x23 /* # */) return lineNumber(text, lineStart);
    // A comment: go on after its line (linear however many placeholders the comment holds).
    const lineEnd = text.indexOf('\n', index);
    if (lineEnd < 0) return undefined;
    from = lineEnd + 1;
  }
}

function lineNumber(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** A mosquitto config by its content: at least half of its option lines are mosquitto options. */
export function looksLikeMosquittoConf(text: string): boolean {
  if (templateLine(text) !== undefined) return false;
  const { lines, known } = confLikeness(text);
  return known * 2 >= lines;
}

/** A file under a `conf.d` folder: a snippet a main config includes, not a whole broker's config. */
export function isConfSnippet(path: string | undefined): boolean {
  return path !== undefined && path.split(/[\\/]/).slice(0, -1).includes('conf.d');
}
