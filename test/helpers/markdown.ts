/** Markdown checks for hovers built from hostile documents, without a markdown renderer. */

/** The markdown with every code span and fenced block replaced by `CODE` (CommonMark: a run of n backticks closes on the next run of exactly n). */
export function outsideCode(markdown: string): string {
  let out = '';
  let i = 0;
  while (i < markdown.length) {
    if (markdown[i] === '\\') {
      out += markdown.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (markdown[i] !== '`') {
      out += markdown[i];
      i++;
      continue;
    }
    let n = 0;
    while (markdown[i + n] === '`') n++;
    const fence = '`'.repeat(n);
    let close = markdown.indexOf(fence, i + n);
    while (close >= 0 && markdown[close + n] === '`') {
      let end = close;
      while (markdown[end] === '`') end++;
      close = markdown.indexOf(fence, end);
    }
    if (close < 0) {
      out += fence;
      i += n;
      continue;
    }
    out += 'CODE';
    i = close + n;
  }
  return out;
}

/** Unescaped characters that open a link, an image or HTML, outside code. */
export function activeMarkup(markdown: string): string[] {
  return [...outsideCode(markdown).matchAll(/(?<!\\)(?:\\\\)*(!\[|\[|<|\]\()/g)].map((m) => m[1]!);
}
