import { createContext, useContext } from 'react';

/** Colours by meaning. Under NO_COLOR (no-color.org) every colour is undefined, so Ink prints plain text. */
export interface Theme {
  ok?: string;
  bad?: string;
  warn?: string;
  info?: string;
  accent?: string;
  dim: boolean;
}

export const COLOR_THEME: Theme = { ok: 'green', bad: 'red', warn: 'yellow', info: 'cyan', accent: 'blueBright', dim: true };
export const PLAIN_THEME: Theme = { dim: false };

export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return env.NO_COLOR !== undefined && env.NO_COLOR !== '' ? PLAIN_THEME : COLOR_THEME;
}

export const ThemeContext = createContext<Theme>(COLOR_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}
