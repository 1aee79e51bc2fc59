import { SEVERITIES, type SeverityOrOff } from '../core/findings';
import { findRule } from '../core/registry';

/** The `asynclint.*` settings the server uses, validated. */
export interface Settings {
  readonly enable: boolean;
  readonly rules: Readonly<Record<string, SeverityOrOff>>;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, rules: {} };

/**
 * Turns whatever the client sent into valid settings. Unknown rule ids and
 * severities are dropped with a warning rather than rejected: a typo in one
 * entry must not switch the linter off.
 */
export function validateSettings(raw: unknown, warn: (message: string) => void): Settings {
  if (raw === null || raw === undefined) return DEFAULT_SETTINGS;
  if (typeof raw !== 'object') {
    warn(`ignoring asynclint settings: expected an object, got ${typeof raw}`);
    return DEFAULT_SETTINGS;
  }
  const input = raw as Record<string, unknown>;
  let enable = DEFAULT_SETTINGS.enable;
  if (input.enable !== undefined) {
    if (typeof input.enable === 'boolean') enable = input.enable;
    else warn(`ignoring asynclint.enable: expected true or false, got ${JSON.stringify(input.enable)}`);
  }
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
  return { enable, rules };
}
