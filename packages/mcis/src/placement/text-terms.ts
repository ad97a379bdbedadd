/**
 * Whether a text holds a search term, without case: every word of the term appears in it, in any
 * order and with anything between ("ubuntu 24.04" finds "Ubuntu Server 24.04 LTS 64bit", Tencent's
 * name, as well as "Ubuntu 24.04 LTS"). `terms` are lower-cased already.
 */
export function holdsTerm(text: string, term: string): boolean {
  const lower = text.toLowerCase();
  return term.split(/\s+/).every((word) => lower.includes(word));
}
