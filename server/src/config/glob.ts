/**
 * Minimal glob matching for `ignore` patterns, relative to the folder of the
 * configuration file: `*` matches within a path segment, `**` across segments,
 * `?` one character, `{a,b}` alternatives. A pattern without a slash matches at
 * any depth (`*.generated.ts`); a trailing slash means everything below (`dist/`).
 */
export function globToRegExp(pattern: string): RegExp {
  let glob = pattern.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  if (glob.endsWith('/')) glob += '**';
  if (!glob.includes('/')) glob = `**/${glob}`;
  if (glob.startsWith('/')) glob = glob.slice(1);
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*') {
      if (glob[index + 1] === '*') {
        // `**/` matches zero or more whole segments; a final `**` matches the rest.
        const slash = glob[index + 2] === '/';
        source += slash ? '(?:.*/)?' : '.*';
        index += slash ? 2 : 1;
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') source += '[^/]';
    else if (char === '{') {
      const close = glob.indexOf('}', index);
      if (close === -1) source += '\\{';
      else {
        source += `(?:${glob.slice(index + 1, close).split(',').map(escape).join('|')})`;
        index = close;
      }
    } else source += escape(char);
  }
  return new RegExp(`^${source}(?:/.*)?$`);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}
