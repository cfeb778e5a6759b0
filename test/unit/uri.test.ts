/**
 * URIs in VS Code's spelling. The expected strings are what VS Code sends: vscode-uri's
 * `URI.file(path).toString()` and `URI.parse(uri).toString()`, copied from its own tests where they
 * cover a case (vscode-uri is not installed here, so it cannot be asked).
 */
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { TopicIndex } from '../../server/src/workspace/topicIndex';
import { fileUri, URI, uriKey } from '../../server/src/uri';

describe('URIs in VS Code spelling', () => {
  it('writes a path as vscode-uri URI.file(path).toString() does', () => {
    const cases: [string, boolean, string][] = [
      // From vscode-uri's tests.
      ['c:/win/path', false, 'file:///c%3A/win/path'],
      ['C:/win/path', false, 'file:///c%3A/win/path'],
      ['/c:/win/path', false, 'file:///c%3A/win/path'],
      ['c:\\win\\path', true, 'file:///c%3A/win/path'],
      ['c:\\win\\path', false, 'file:///c%3A%5Cwin%5Cpath'],
      ['c:\\test with %\\path', true, 'file:///c%3A/test%20with%20%25/path'],
      ['c:\\test with %25\\c#code', true, 'file:///c%3A/test%20with%20%2525/c%23code'],
      ['\\\\shäres\\path\\c#\\plugin.json', true, 'file://sh%C3%A4res/path/c%23/plugin.json'],
      ['\\\\localhost\\c$\\GitDevelopment\\express', true, 'file://localhost/c%24/GitDevelopment/express'],
      [
        '/Users/jrieken/Code/_samples/18500/Mödel + Other Thîngß/model.js',
        false,
        'file:///Users/jrieken/Code/_samples/18500/M%C3%B6del%20%2B%20Other%20Th%C3%AEng%C3%9F/model.js',
      ],
      ['a.file', false, 'file:///a.file'],
      // The characters Node's pathToFileURL leaves alone and vscode-uri encodes.
      ['/w/a+b@c/x.py', false, 'file:///w/a%2Bb%40c/x.py'],
      ["/w/!$&'()*,;=:/x.js", false, 'file:///w/%21%24%26%27%28%29%2A%2C%3B%3D%3A/x.js'],
      ['/w/~keep-._/x.js', false, 'file:///w/~keep-._/x.js'],
      ['C:\\Users\\me\\a+b@c\\app.py', true, 'file:///c%3A/Users/me/a%2Bb%40c/app.py'],
    ];
    for (const [path, windows, expected] of cases) assert.equal(fileUri(path, windows), expected, path);
  });

  it('gives every spelling of one file the same key, the one VS Code sends', () => {
    const path = '/home/me/a+b@c/my dir/#1/100%/Zürich/app.py';
    const vscode = 'file:///home/me/a%2Bb%40c/my%20dir/%231/100%25/Z%C3%BCrich/app.py';
    assert.equal(fileUri(path, false), vscode);
    assert.notEqual(pathToFileURL(path).toString(), vscode, 'Node spells it differently (else this proves nothing)');
    assert.equal(uriKey(pathToFileURL(path).toString()), vscode);
    assert.equal(uriKey(vscode), vscode);
    assert.equal(uriKey(vscode.replace('%2B', '%2b').replace('%C3%BC', '%c3%bc')), vscode, 'lower-case hex');
    // A Windows drive as Node writes it (`file:///C:/...`) and as VS Code does.
    assert.equal(uriKey('file:///C:/Users/me/a+b@c/app.py'), 'file:///c%3A/Users/me/a%2Bb%40c/app.py');
    assert.equal(uriKey('file:///c%3A/Users/me/a%2Bb%40c/app.py'), 'file:///c%3A/Users/me/a%2Bb%40c/app.py');
    assert.equal(
      uriKey('file:///c:/Source/Z%C3%BCrich%20or%20(x,/c%23/p.json'),
      fileUri('c:/Source/Zürich or (x,/c#/p.json', false),
    );
  });

  it('decodes as VS Code does: an escape that is not UTF-8 stays as written', () => {
    // From vscode-uri's tests (URI.parse(...).toString()).
    assert.equal(uriKey('file://some/%.txt'), 'file://some/%25.txt');
    assert.equal(uriKey('file://some/%A0.txt'), 'file://some/%25A0.txt');
    assert.equal(uriKey('file://sh%c3%a4res/path'), 'file://sh%C3%A4res/path');
  });

  it('leaves URIs of other schemes, and file URIs with a query or fragment, as they are', () => {
    for (const uri of ['untitled:Untitled-1', 'vscode-notebook-cell:/a%2Bb.ipynb#X1', 'file:///a.py?x=1'])
      assert.equal(uriKey(uri), uri);
  });

  it('reads a key back as the file system path', function () {
    if (process.platform === 'win32') this.skip();
    const path = '/home/me/a+b@c/my dir/#1/100%/Zürich/app.py';
    assert.equal(URI.toFsPath(URI.fromFsPath(path)), path);
    assert.equal(URI.toFsPath(pathToFileURL(path).toString()), path);
  });

  it('indexes a file once under any spelling of its URI', () => {
    const path = '/w/a+b@c/app.py';
    const node = pathToFileURL(path).toString();
    const vscode = URI.fromFsPath(path);
    const index = new TopicIndex();
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
    index.set(node, [], [{ uri: vscode, id: 'x', range }]);
    index.set(vscode, [], [{ uri: vscode, id: 'x', range }]);
    assert.equal(index.allClientIds().length, 1);
    index.delete(node);
    assert.equal(index.allClientIds().length, 0);
  });
});
