import { SEVERITIES, type SeverityOrOff } from '../core/findings';
import { findRule } from '../core/registry';

/** The `asynclint.*` settings the server uses, validated. The manifest (package.json) declares the same set. */
export interface Settings {
  readonly enable: boolean;
  /** `onType` analyses as you type; `onSave` when the file is opened or saved. */
  readonly run: 'onType' | 'onSave';
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
  /** When false, only the rules that need no type information run (fast, and quiet where types are wrong). */
  readonly typeAware: boolean;
  /** Where "Disable <rule> for this line" puts its comment. */
  readonly disableRuleCommentLocation: 'separateLine' | 'sameLine';
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, typeAware: true, disableRuleCommentLocation: 'separateLine' };

/**
 * Turns whatever the client sent into valid settings. Each bad entry is dropped
 * with a warning rather than rejecting the lot: a typo in one entry must not
 * switch the linter off.
 */
export function validateSettings(raw: unknown, warn: (message: string) => void): Settings {
  if (raw === null || raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object') {
    warn(`ignoring asynclint settings: expected an object, got ${typeof raw}`);
    return DEFAULT_SETTINGS;
  }
  const input = raw as Record<string, unknown>;
  const choice = <T>(name: string, value: unknown, allowed: readonly T[], fallback: T): T => {
    if (value === undefined || value === null) return fallback;
    if (allowed.includes(value as T)) return value as T;
    warn(`ignoring asynclint.${name}: ${JSON.stringify(value)} is not one of ${allowed.map((item) => JSON.stringify(item)).join(', ')}`);
    return fallback;
  };
  const codeAction = (input.codeAction ?? {}) as { disableRuleComment?: { location?: unknown } };

  const rules: Record<string, SeverityOrOff> = {};
  if (input.rules !== undefined && input.rules !== null) {
    if (typeof input.rules !== 'object' || Array.isArray(input.rules)) {
      warn(`ignoring asynclint.rules: expected an object mapping rule ids to severities`);
    } else {
      for (const [id, severity] of Object.entries(input.rules as Record<string, unknown>)) {
        if (!findRule(id)) {
          warn(`ignoring asynclint.rules["${id}"]: there is no rule with that id`);
        } else if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
          warn(`ignoring asynclint.rules["${id}"]: ${JSON.stringify(severity)} is not one of ${SEVERITIES.join(', ')}`);
        } else {
          rules[id] = severity as SeverityOrOff;
        }
      }
    }
  }
  return {
    enable: choice('enable', input.enable, [true, false], DEFAULT_SETTINGS.enable),
    run: choice('run', input.run, ['onType', 'onSave'] as const, DEFAULT_SETTINGS.run),
    rules,
    typeAware: choice('typeAware', input.typeAware, [true, false], DEFAULT_SETTINGS.typeAware),
    disableRuleCommentLocation: choice(
      'codeAction.disableRuleComment.location',
      codeAction?.disableRuleComment?.location,
      ['separateLine', 'sameLine'] as const,
      DEFAULT_SETTINGS.disableRuleCommentLocation,
    ),
  };
}
