import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

/** Colours for one output stream: only on a terminal, never with NO_COLOR (any value) or --no-color. */
export interface Style {
  readonly enabled: boolean;
  paint: (format: Format, text: string) => string;
}

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, noColor = false): Style {
  const enabled = stream.isTTY === true && env.NO_COLOR === undefined && !noColor && env.TERM !== "dumb";
  return {
    enabled,
    // The decision is made here, so styleText is told not to second-guess it.
    paint: (format, text) => (enabled ? styleText(format, text, { validateStream: false }) : text),
  };
}
