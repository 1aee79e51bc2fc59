import { declarationsFact, namesFact } from './facts';

/** How frameworks register work and report their own failures, as the rules need it. */

export const ROUTE_METHODS = namesFact({
  id: 'route-methods',
  summary: 'Methods that register an HTTP route handler or middleware when given a path or a handler',
  evidence: 'syntax',
  reason:
    "Express, Koa, Fastify and their kin register handlers with the HTTP method's name (`app.get('/users', handler)`, `router.use(mw)`): the handler runs for every matching request.",
  names: ['get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options', 'all', 'use'],
});

export const HANDLER_DECORATORS = namesFact({
  id: 'handler-decorators',
  summary: 'Decorators that make a method a request, message, event, schedule or queue handler',
  evidence: 'syntax',
  reason: 'Controller frameworks run a method decorated `@Get()`, `@MessagePattern()`, `@Cron()` or `@Process()` for each request, message, tick or job.',
  names: [
    'Get',
    'Post',
    'Put',
    'Patch',
    'Delete',
    'All',
    'Head',
    'Options',
    'MessagePattern',
    'EventPattern',
    'SubscribeMessage',
    'OnEvent',
    'Cron',
    'Interval',
    'Timeout',
    'Process',
    'OnQueueActive',
  ],
});

export const COMMAND_REGISTRATIONS = namesFact({
  id: 'command-registrations',
  summary: 'Command-line and build-tool registrations',
  evidence: 'syntax',
  reason: 'What `program.command(…).action(fn)` or a build `task(fn)` runs is a process of its own that serves nobody: blocking there costs nobody else anything.',
  names: ['action', 'command', 'task'],
});

export const TEST_FUNCTIONS = namesFact({
  id: 'test-functions',
  summary: 'Functions of test runners that register tests and hooks',
  evidence: 'syntax',
  reason: 'Code inside a test or a hook runs in a test process, not while a server serves work.',
  names: [
    'describe',
    'it',
    'test',
    'before',
    'after',
    'beforeEach',
    'afterEach',
    'beforeAll',
    'afterAll',
    'suite',
    'setup',
    'teardown',
    'suiteSetup',
    'suiteTeardown',
    'context',
    'specify',
    'xit',
    'xdescribe',
    'fit',
    'fdescribe',
    'bench',
  ],
});

export const SELF_REPORTING_NAVIGATION = declarationsFact({
  id: 'self-reporting-navigation',
  summary: 'Router navigation calls, which report their own failures',
  reason:
    "Angular's `Router.navigate` emits a `NavigationError` event and hands the error to the router's error handler; Vue Router and Next.js " +
    "resolve failed navigations and report errors through their own hooks; React Router's `navigate` does the same. Projects drop these " +
    'promises by design, and flagging them buries the findings that matter.',
  entries: [
    { module: '@angular/router', export: 'navigate' },
    { module: '@angular/router', export: 'navigateByUrl' },
    { module: 'vue-router', export: 'push' },
    { module: 'vue-router', export: 'replace' },
    { module: 'next', export: 'push' },
    { module: 'next', export: 'replace' },
    { module: 'next', export: 'prefetch' },
    { module: 'react-router', export: 'navigate' },
    { module: 'react-router-dom', export: 'navigate' },
    { module: '@remix-run/router', export: 'navigate' },
  ],
});
