import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import { render } from 'ink';
import type { RequestedOptions } from '../core/types.js';
import { App } from './App.js';
import { themeFor } from './theme.js';

export interface WizardOptions {
  root: string;
  dir: string;
  options: RequestedOptions;
  restart: boolean;
}

/**
 * Run the interactive wizard until the person finishes or quits; resolves to
 * the exit code (0 done, 1 a step failed, 2 bad input, 130 interrupted).
 */
export async function runWizard(opts: WizardOptions): Promise<number> {
  let code = 1;
  // Ctrl+C arrives as a key in raw mode; a signal (kill, or a terminal without raw mode) takes the same road.
  const signals = new EventEmitter();
  const onSignal = () => signals.emit('interrupt');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const app = render(
      createElement(App, {
        root: opts.root,
        dir: opts.dir,
        options: opts.options,
        restart: opts.restart,
        signals,
        theme: themeFor(process.env),
        onExit: (c: number) => {
          code = c;
        },
      }),
      { exitOnCtrlC: false, patchConsole: true },
    );
    await app.waitUntilExit();
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
