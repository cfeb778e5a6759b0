/**
 * The crafted inputs of issue 7, each a few files that once took minutes, gigabytes or the whole process.
 * Shared by the CLI and language-server hostile tests; every case names the file the tests open or lint.
 */

/** One crafted repository: files by relative path, the file to open or lint, and its language id. */
export interface CraftedCase {
  name: string;
  files: Record<string, string>;
  /** The file the tests lint and open. */
  target: string;
  languageId: string;
  /** Extra CLI arguments (before the paths). */
  cliArgs?: string[];
  /** CLI paths (default: the target). */
  cliPaths?: string[];
  /** Only meaningful with a workspace index: the language server's, or mqtt-lint's over the folder it lints. */
  workspaceOnly?: boolean;
}

const JS_HEAD = "const mqtt = require('mqtt');\nconst c = mqtt.connect('mqtt://127.0.0.1');\n";

/** Case-folding variants of one word: the `i`-th spells letter k upper-case when bit k of i is set. */
function caseVariant(word: string, i: number): string {
  return [...word].map((ch, k) => ((i >> k) & 1 ? ch.toUpperCase() : ch)).join('');
}

/** Every crafted input of the list that a repository can carry. */
export function craftedCases(): CraftedCase[] {
  const spellingFiles: Record<string, string> = {};
  for (let f = 0; f < 400; f++) {
    const lines = [JS_HEAD];
    for (let k = 0; k < 20; k++)
      lines.push(`c.publish('home/${caseVariant('livingroomtemperature', f * 20 + k + 1)}', 'x');\n`);
    spellingFiles[`src/variants/v${f}.js`] = lines.join('');
  }
  spellingFiles['src/open.js'] = `${JS_HEAD}c.subscribe('home/livingroomtemperature');\n`;

  const constants = [JS_HEAD];
  for (let i = 0; i < 20_000; i++) constants.push(`const T${i} = 'plant/line${i}/state';\n`);
  for (let i = 0; i < 20_000; i += 7) constants.push(`c.publish(T${i}, 'x');\n`);

  const ids = [JS_HEAD, '\n'.repeat(1_000_000)];
  for (let i = 0; i < 4000; i++) ids.push("mqtt.connect('mqtt://127.0.0.1', { clientId: 'same' });\n");

  // One constant naming a 390 KB topic, used 300 times: every diagnostic would quote the whole topic.
  const amplifier = [JS_HEAD, `const BIG = '#/${'x'.repeat(390_000)}';\n`];
  for (let i = 0; i < 300; i++) amplifier.push('c.publish(BIG, 1);\n');

  return [
    {
      name: 'unclosed mosquitto_publish( ×2,000 in a C file',
      files: { 'src/unclosed.c': `#include <mosquitto.h>\n${'mosquitto_publish(mosq, NULL, "a/b", '.repeat(2000)}\n` },
      target: 'src/unclosed.c',
      languageId: 'c',
    },
    {
      name: 'a topic argument nested 5,000 deep',
      files: { 'src/nested.js': `${JS_HEAD}c.publish(${'('.repeat(5000)}'a/#'${')'.repeat(5000)}, 'x');\n` },
      target: 'src/nested.js',
      languageId: 'javascript',
    },
    {
      name: 'include_dir . ×4,000',
      files: {
        'mosquitto/mosquitto.conf': `listener 1883 127.0.0.1\n${'include_dir .\n'.repeat(4000)}`,
        'mosquitto/extra.conf': 'persistence true\n',
      },
      target: 'mosquitto/mosquitto.conf',
      languageId: 'mosquitto-conf',
    },
    {
      name: 'a config line with 100,000 CR characters',
      files: { 'mosquitto/mosquitto.conf': `listener 1883 127.0.0.1${'\r'.repeat(100_000)}x\nallow_anonymous true\n` },
      target: 'mosquitto/mosquitto.conf',
      languageId: 'mosquitto-conf',
    },
    {
      name: 'an exclude glob **a**a…',
      // A top-level name: the glob's regex backtracks within one path segment.
      files: { [`${'a'.repeat(40)}.js`]: `${JS_HEAD}c.publish('a/#', 'x');\n` },
      target: `${'a'.repeat(40)}.js`,
      languageId: 'javascript',
      cliArgs: ['--exclude', `${'**a'.repeat(20)}**b`],
      cliPaths: ['.'],
    },
    {
      name: '4,000 duplicate client ids after 1 MB of blank lines',
      files: { 'src/ids.js': ids.join('') },
      target: 'src/ids.js',
      languageId: 'javascript',
    },
    {
      name: '20,000 topic constants',
      files: { 'src/constants.js': constants.join('') },
      target: 'src/constants.js',
      languageId: 'javascript',
    },
    {
      name: '8,000 spelling variants of one topic across 400 files',
      files: spellingFiles,
      target: 'src/open.js',
      languageId: 'javascript',
      cliPaths: ['.'],
      workspaceOnly: true,
    },
    {
      name: 'a 400 KB file whose messages would quote whole topics',
      files: { 'src/amplifier.js': amplifier.join('') },
      target: 'src/amplifier.js',
      languageId: 'javascript',
    },
  ];
}

/** A topic 30,000 levels deep, in a file nobody opens. */
export const DEEP_TOPIC_FILE = `${JS_HEAD}c.publish('${'a/'.repeat(30_000)}a', 'x');\n`;

/** An open file that subscribes to `#` and has problems of its own (a wildcard in a published topic). */
export const SUBSCRIBES_EVERYTHING = `${JS_HEAD}c.subscribe('#');\nc.publish('home/#', 'x');\n`;

/** A small ordinary document to hover over while the crafted ones are analysed. */
export const NORMAL_FILE = `${JS_HEAD}c.publish('home/kitchen/temp', '21');\n`;
/** Where in NORMAL_FILE a topic is (line, character). */
export const NORMAL_TOPIC_POSITION = { line: 2, character: 14 };
