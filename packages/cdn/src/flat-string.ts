/**
 * `text` as one flat string in memory. V8 keeps a string built by `+`, a template literal or
 * `padStart` as a tree of its pieces (32 B per join, plus each piece); converting it to a number
 * flattens it in place, and the garbage collector then drops the tree (a 16-hex-digit request id
 * from `padStart`: 98 -> 47 B, node --expose-gc, 200,000 kept). For strings kept for long: an
 * origin's header values in a cache entry, request ids (issue 13: bytes per cache entry).
 */
export function flatString(text: string): string {
  // The conversion's result decides what is returned (`''` only for `''` itself, so `text` either
  // way), so an optimising compiler does not drop it as dead code.
  return Number(text) === 0 && text.length === 0 ? '' : text;
}
