import { namesFact, patternFact } from './facts';

/** What the JavaScript language and its standard library do, as the rules need it. */

export const PROMISE_CALLBACK_METHODS = namesFact({
  id: 'promise-callback-methods',
  summary: 'Promise methods that run a callback later',
  evidence: 'syntax',
  reason: '`then`, `catch` and `finally` run their callback once, after the promise settles, in the context of the code that attached it.',
  names: ['then', 'catch', 'finally'],
});

export const PROMISE_COMBINATORS = namesFact({
  id: 'promise-combinators',
  summary: 'Promise combinators',
  evidence: 'global',
  reason: '`Promise.all`, `allSettled`, `any` and `race` start nothing themselves: the promises handed to them are already running.',
  names: ['all', 'allSettled', 'any', 'race'],
});

export const ARRAY_CALLBACK_METHODS = namesFact({
  id: 'array-callback-methods',
  summary: 'Array methods that call a callback for each element',
  evidence: 'syntax',
  reason: 'They run the callback once per element, now, so work inside grows with the array.',
  names: ['forEach', 'map', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap'],
});

export const ARRAY_PREDICATE_METHODS = namesFact({
  id: 'array-predicate-methods',
  summary: "Array methods that test their callback's result",
  evidence: 'syntax',
  reason: 'A promise returned to them is always truthy: the test passes whatever the promise would resolve to.',
  names: ['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex'],
});

export const ARRAY_SCAN_METHODS = namesFact({
  id: 'array-scan-methods',
  summary: 'Array methods that scan the whole array',
  evidence: 'syntax',
  reason: '`includes` and `indexOf` compare every element: inside a loop over another array they make the work quadratic.',
  names: ['includes', 'indexOf', 'lastIndexOf'],
});

export const ARRAY_DERIVING_METHODS = namesFact({
  id: 'array-deriving-methods',
  summary: 'Array methods that derive an array as large as their receiver',
  evidence: 'syntax',
  reason: 'What they return grows with the array they are called on, so its size is as unbounded as the original.',
  names: ['filter', 'map', 'slice', 'concat', 'flat', 'flatMap', 'sort', 'reverse', 'toSorted', 'toReversed', 'entries', 'keys', 'values'],
});

export const ARRAY_FROM_OBJECT_METHODS = namesFact({
  id: 'array-from-object-methods',
  summary: '`Object` and `Array` statics that make an array from a collection',
  evidence: 'global',
  reason: '`Object.keys(x)`, `Array.from(x)` and the like are as large as the collection they read.',
  names: ['keys', 'values', 'entries', 'from'],
});

export const IN_PLACE_CALLBACK_CALLS = namesFact({
  id: 'in-place-callback-calls',
  summary: 'Calls that run their callbacks in place, now',
  evidence: 'syntax',
  reason: 'Array iteration, sorting, `Array.from` and the promise combinators call the function they are handed before they return: the callback runs where the call is written.',
  names: [
    'forEach',
    'map',
    'filter',
    'reduce',
    'reduceRight',
    'some',
    'every',
    'find',
    'findIndex',
    'findLast',
    'findLastIndex',
    'flatMap',
    'sort',
    'toSorted',
    'all',
    'allSettled',
    'race',
    'any',
    'from',
  ],
});

export const COLLECTION_MUTATORS = namesFact({
  id: 'collection-mutators',
  summary: 'Methods that change a collection in place',
  evidence: 'syntax',
  reason: 'Arrays, maps and sets change through these; a call on shared state is a write another call could see.',
  names: ['set', 'add', 'push', 'unshift', 'splice', 'delete', 'clear', 'append'],
});

export const REPEATING_TIMERS = namesFact({
  id: 'repeating-timers',
  summary: 'Timers that run their callback again and again',
  evidence: 'global',
  reason: '`setInterval` runs its callback until cleared: whatever it does repeats while the process serves work.',
  names: ['setInterval'],
});

export const ONCE_TIMERS = namesFact({
  id: 'once-timers',
  summary: 'Timers and schedulers that run their callback once',
  evidence: 'global',
  reason: 'The callback runs once, later, in the context of the code that scheduled it.',
  names: ['setTimeout', 'setImmediate', 'queueMicrotask', 'requestAnimationFrame', 'requestIdleCallback'],
});

export const GLOBAL_CALLBACK_FUNCTIONS = namesFact({
  id: 'global-callback-functions',
  summary: 'Global functions that call a callback and ignore what it returns',
  evidence: 'global',
  reason: "Timers and schedulers drop the callback's return value: a promise returned by an async callback is never awaited.",
  names: [...ONCE_TIMERS.names, ...REPEATING_TIMERS.names],
});

export const GLOBAL_OBJECTS = namesFact({
  id: 'global-objects',
  summary: 'Names of the global object',
  evidence: 'global',
  reason: '`window.setTimeout` and `globalThis.setTimeout` are the global functions.',
  names: ['window', 'globalThis', 'self', 'global'],
});

export const REGEX_METHODS = namesFact({
  id: 'regex-methods',
  summary: 'RegExp methods that run the expression on their argument',
  evidence: 'syntax',
  reason: 'They match the expression against the string they are given.',
  names: ['test', 'exec'],
});

export const STRING_REGEX_METHODS = namesFact({
  id: 'string-regex-methods',
  summary: 'String methods that run a regular expression on their receiver',
  evidence: 'syntax',
  reason: 'They match the expression they are given against the string they are called on.',
  names: ['match', 'matchAll', 'search', 'replace', 'replaceAll', 'split'],
});

export const STRING_SAME_LENGTH_METHODS = namesFact({
  id: 'string-same-length-methods',
  summary: 'String methods whose result is no longer than their receiver',
  evidence: 'syntax',
  reason: 'Trimming, case changes and normalisation keep a bounded string bounded.',
  names: ['trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'normalize'],
});

export const STRING_SLICE_METHODS = namesFact({
  id: 'string-slice-methods',
  summary: 'String methods that cut a part out of their receiver',
  evidence: 'syntax',
  reason: 'With constant bounds, their result has a bounded length.',
  names: ['slice', 'substring', 'substr'],
});

export const NUMBER_FORMAT_METHODS = namesFact({
  id: 'number-format-methods',
  summary: 'Number methods that format a number',
  evidence: 'syntax',
  reason: 'The text of a formatted number is short and made of digits: no regular expression backtracks on it.',
  names: ['toFixed', 'toPrecision', 'toExponential'],
});

export const BOUNDED_GLOBALS = namesFact({
  id: 'bounded-globals',
  summary: 'Globals whose values are not user input',
  evidence: 'global',
  reason: "Text derived from the clock, `Math`, the process or the module's own path is not controlled by a client.",
  names: ['Date', 'Math', 'process', 'os', '__dirname', '__filename'],
});

export const HTTP_READ_METHODS = patternFact({
  id: 'http-read-methods',
  summary: 'HTTP methods that only read',
  evidence: 'syntax',
  reason: 'GET, HEAD and OPTIONS requests are safe by the HTTP specification: they change nothing on the server.',
  pattern: /^(get|head|options)$/i,
  described: '`get`, `head`, `options` (any case)',
});

export const HTTP_WRITE_METHODS = patternFact({
  id: 'http-write-methods',
  summary: 'HTTP methods that change state',
  evidence: 'syntax',
  reason: "POST, PUT, PATCH and DELETE requests change the server's state, so their order matters.",
  pattern: /^(post|put|patch|delete)$/i,
  described: '`post`, `put`, `patch`, `delete` (any case)',
});
