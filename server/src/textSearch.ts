/** Searching a large text for several needles at once. */

/**
 * A finder of the first offset at or after `from` where one of `needles` starts, for `from`s that only
 * grow: one indexOf per needle, searched again only once `from` has passed its last hit, so linear in the
 * text. On a large text this is many times faster than a regular expression's alternation or class.
 */
export function firstOfFinder(text: string, needles: readonly string[]): (from: number) => number {
  const next = needles.map(() => -2); // -2: not searched yet; -1: none left
  return (from) => {
    let first = -1;
    for (let k = 0; k < needles.length; k++) {
      if (next[k] !== -1 && next[k]! < from) next[k] = text.indexOf(needles[k]!, from);
      const at = next[k]!;
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  };
}
