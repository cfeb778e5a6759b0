/**
 * How the language server's Node process is started: by the VS Code client, and by the tests and benchmarks
 * that stand in for it, so that they measure the process users run.
 *
 * `--max-semi-space-size=32` gives the young generation 32 MB per semi-space instead of Node's 16 MB. Analysing a
 * large source file allocates about 24 MB per run, mostly short-lived tokens; with 16 MB every run took one or two
 * scavenges, each copying what the run had found so far. Measured on the bench's 20,000-line file with 6,000 MQTT
 * calls (100 runs, 2-core machine), with the analysis's results made by constructors (lexer.ts says why):
 * p50 26 → 21 ms, p95 33 → 25 ms. The cost: a server that analysed that file 30 times peaked at 237 MB instead
 * of 189 MB (171 MB instead of 141 MB after 30 s idle). Editors that start `dist/server.js` themselves may pass it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];
