import type { PythonRule } from '../rule';
import { pyAwaitInLoop } from './py-await-in-loop';
import { pyBlockingCall } from './py-blocking-call';
import { pyCpuInCoroutine } from './py-cpu-in-coroutine';
import { pyDanglingTask } from './py-dangling-task';
import { pyPreferGather } from './py-prefer-gather';
import { pyUnawaitedCoroutine } from './py-unawaited-coroutine';

/** The Python rules, in the order documentation lists them (gather, lost work, the event loop). */
export const PYTHON_RULES: readonly PythonRule[] = [pyPreferGather, pyAwaitInLoop, pyDanglingTask, pyUnawaitedCoroutine, pyBlockingCall, pyCpuInCoroutine];
