import { noSlowRegex } from '../../server/src/core/rules/no-slow-regex';
import { ruleTests } from '../harness/ruleTester';
import { NODE } from './eventLoop/nodeDeclarations';

ruleTests(noSlowRegex, [
  {
    name: 'nested quantifiers: exponential, with the input that shows it',
    code: `
      export async function handler(req: unknown, input: string) {
        return /(a+)+$/.test(input);
               ^^^^^^^^^^^^^^^^^^^^ /(a+)+$/ backtracks exponentially: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' takes exponential time. It is applied to \`input\` in the async function \`handler\`
      }
    `,
  },
  {
    name: 'overlapping alternatives under a star',
    code: `
      export async function handler(req: unknown, input: string) {
        return input.match(/^(a|a)*$/);
               ^^^^^^^^^^^^^^^^^^^^^^^ exponential
      }
    `,
  },
  {
    name: 'words with optional separators, through new RegExp with a constant pattern in a const',
    otherFiles: NODE,
    code: `
      import express from 'express';
      const WORDS = new RegExp('(\\\\w+\\\\s?)*$');
      const app = express();
      app.post('/search', (req, res) => {
        res.json(WORDS.exec(req.body.query));
                 ^^^^^^^^^^^^^^^^^^^^^^^^^^ /(\\w+\\s?)*$/ backtracks exponentially: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' takes exponential time. It is applied to \`req.body.query\` in the POST /search handler
      });
    `,
  },
  {
    name: 'adjacent overlapping quantifiers: polynomial',
    code: `
      export async function parse(req: unknown, value: string) {
        return value.replace(/^\\d+\\d+$/, '');
               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ /^\\d+\\d+$/ backtracks polynomially: '0' + '0'.repeat(10000) + '!' takes quadratic time
      }
    `,
  },
  {
    name: 'unanchored, the engine retries at every position: cubic',
    code: `
      export async function parse(req: unknown, value: string) {
        return value.search(/\\d+\\d+$/);
               ^^^^^^^^^^^^^^^^^^^^^^^ cubic
      }
    `,
  },
  {
    name: 'a readonly class property and a property of a constant object',
    code: `
      const PATTERNS = { version: /^(\\d+)*$/ };
      export class Validator {
        private readonly email = /^([a-z0-9]+)+@example\\.com$/i;
        async check(req: unknown, value: string) {
          return this.email.test(value) && PATTERNS.version.test(value);
                 ^^^^^^^^^^^^^^^^^^^^^^ the async function \`check\`
                                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ /^(\\d+)*$/ backtracks exponentially
        }
      }
    `,
  },
  {
    name: 'a synchronous helper that applies the pattern, reported at the call',
    code: `
      function isWords(text: string) {
        return /^(\\w+\\s?)*$/.test(text);
      }
      export function listen(socket: { on(event: 'data', listener: (chunk: string) => void): void }) {
        socket.on('data', (chunk) => {
          if (!isWords(chunk)) throw new Error('bad');
               ^^^^^^^^^^^^^^ \`isWords\` can stall the event loop in the 'data' listener: it applies /^(\\w+\\s?)*$/ (exponential on 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!') ('data' listener → isWords → /^(\\w+\\s?)*$/
        });
      }
    `,
  },
  {
    name: 'split and replaceAll with a slow pattern',
    code: `
      export async function tokens(req: unknown, text: string) {
        const parts = text.split(/(?:a|b|ab)*c/);
                      ^^^^^^^^^^^^^^^^^^^^^^^^^^ /(?:a|b|ab)*c/ backtracks exponentially
        return parts.map((part) => part.replaceAll(/a.*b.*c/g, ''));
                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ polynomially
      }
    `,
  },

  // Silent.
  {
    name: 'safe patterns',
    code: `
      export async function handler(req: unknown, input: string) {
        return [
          /^[a-z]+(-[a-z]+)*$/.test(input),
          /^\\d{1,3}(\\.\\d{1,3}){3}$/.test(input),
          /(a+)+/.test(input),
          /^\\s+|\\s+$/g.test(input),
          /\\s+$/.test(input),
          input.split(/\\s*,\\s*/),
          /^([\\w.%+-]+)@([\\w-]+\\.)+([\\w]{2,})$/i.test(input),
          /(ab|a)*c/.test(input),
        ];
      }
    `,
  },
  {
    name: 'a constant input',
    code: `
      const SAMPLE = 'aaaa';
      export async function handler(req: unknown) {
        return /(a+)+$/.test('aaaa') || /(a+)+$/.test(SAMPLE + '!');
      }
    `,
  },
  {
    name: 'values the program makes itself',
    otherFiles: NODE,
    code: `
      export async function handler(req: unknown, count: number) {
        const time = new Date().toISOString().match(/^(.*?)T(.*?)(\\..*)$/);
        return [time, /^(\\d+)*$/.test(String(count)), /^(\\d+)*$/.test(count.toFixed(2)), /(a+)+$/.test(process.cwd())];
      }
    `,
  },
  {
    name: 'a pattern built from a non-constant string, and a string argument that is not a pattern',
    code: `
      export async function handler(req: unknown, input: string, pattern: string) {
        return new RegExp(pattern).test(input) || input.split('(a+)+$').length > 1 || input.match('(a+)+$');
      }
    `,
  },
  {
    name: 'back references and lookbehind are not modelled: silent',
    code: `
      export async function handler(req: unknown, input: string) {
        return /^(a+)\\1+$/.test(input) || /(?<=x)(a+)+$/.test(input);
      }
    `,
  },
  {
    name: 'start-up code and helpers without event-loop callers',
    code: `
      export function isVersion(value: string) {
        return /^(\\d+)*$/.test(value);
      }
      declare const argv: string[];
      export const valid = /(a+)+$/.test(argv[0]);
    `,
  },
  {
    name: 'a local RegExp function is not the constructor',
    code: `
      function RegExp(pattern: string) {
        return { test: (input: string) => input === pattern };
      }
      export async function handler(req: unknown, input: string) {
        return RegExp('(a+)+$').test(input);
      }
    `,
  },
  {
    name: 'input cut to a given length first, inline or by the last assignment before the match',
    code: `
      export async function tag(req: unknown, value: string, maxLength: number) {
        let tag = value.trim().toLowerCase();
        tag = tag.slice(0, maxLength || 15).trim();
        const short = value.substring(0, 64);
        return [tag.match(/^[.-]*(.+?)[.-]*$/), /^\\d+\\d+$/.test(short), value.slice(0, 100).replace(/^\\d+\\d+$/, '')];
      }
    `,
  },
  {
    name: 'a cut that does not bound the input: from another start, or assigned after the match',
    code: `
      export async function tag(req: unknown, value: string) {
        let rest = value.slice(1);
        const found = /^\\d+\\d+$/.test(rest);
                      ^^^^^^^^^^^^^^^^^^^^^ quadratic
        rest = rest.slice(0, 10);
        return [found, rest];
      }
    `,
  },
]);
