/**
 * JSON nested deeper than this is refused before it is parsed: the compiler's
 * JSON parser recurses once per level and overflows its stack at about a
 * thousand, and no configuration needs more than a handful.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first `[` or `{` nested deeper than `limit` in JSON text
 * (with comments, as tsconfig.json and asynclint.config.json allow), or
 * undefined. One pass, no recursion; strings and comments are skipped.
 */
export function excessiveNesting(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      for (index++; index < text.length && text[index] !== '"' && text[index] !== '\n'; index++) if (text[index] === '\\') index++;
    } else if (char === '/' && text[index + 1] === '/') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    } else if (char === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 1;
    } else if (char === '[' || char === '{') {
      if (++depth > limit) return index;
    } else if (char === ']' || char === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}
