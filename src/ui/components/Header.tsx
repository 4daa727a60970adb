// The top row: the tool, the command as typed, and where the request goes (sandbox or cluster). The
// command comes first; the target is shown whole or not at all (the kubeconfig stage has it), and a
// command too long for the row ends in "…" (the parse stage shows it whole).
import React from 'react';
import { Box, Text } from 'ink';
import type { AnyStageResult } from '../../trace/types.js';
import { resultNamed } from '../hooks/traceDriver.js';
import { colors } from '../theme.js';
import { displayWidth, printable, truncate } from '../../text/index.js';

const TOOL = ' kube-trace ';

export function headerParts(results: readonly (AnyStageResult | undefined)[], width: number): { command: string; target: string } {
  const parse = resultNamed(results, 'parse');
  const command = parse !== undefined && parse.data !== null ? printable(parse.data.argv.join(' ')) : '';
  const k = resultNamed(results, 'kubeconfig')?.data ?? null;
  const full = k === null ? '' : printable(k.sandbox !== null ? `sandbox ${k.sandbox.server}` : `${k.currentContext} · ${k.cluster.server}`);
  const room = width - displayWidth(TOOL) - 1;
  const commandW = displayWidth(command);
  const target = full !== '' && commandW + 2 + displayWidth(full) <= room ? full : '';
  return { command: truncate(command, Math.max(0, room - (target !== '' ? displayWidth(target) + 2 : 0))), target };
}

export function Header({ results, width }: { results: readonly (AnyStageResult | undefined)[]; width: number }): React.JSX.Element {
  const { command, target } = headerParts(results, width);
  return (
    <Box height={1} width={width}>
      <Text wrap="truncate-end">
        <Text inverse bold color={colors.accent}>
          {TOOL}
        </Text>
        {command !== '' ? <Text bold> {command}</Text> : null}
      </Text>
      <Box flexGrow={1} />
      {target !== '' ? <Text color={colors.muted}>{target}</Text> : null}
    </Box>
  );
}
