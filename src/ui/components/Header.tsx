// The top row: the tool, the command as typed, and where the request goes (sandbox or cluster).
import { Box, Text } from 'ink';
import type { AnyStageResult } from '../../trace/types.js';
import { resultNamed } from '../hooks/traceDriver.js';
import { colors } from '../theme.js';
import { truncate } from '../text/wrap.js';

export function Header({ results, width }: { results: readonly (AnyStageResult | undefined)[]; width: number }): React.JSX.Element {
  const parse = resultNamed(results, 'parse');
  const command = parse !== undefined && parse.data !== null ? parse.data.argv.join(' ') : '';
  const k = resultNamed(results, 'kubeconfig')?.data ?? null;
  const target = k === null ? '' : k.sandbox !== null ? `sandbox ${k.sandbox.server}` : `${k.currentContext} · ${k.cluster.server}`;
  return (
    <Box height={1} width={width}>
      <Text wrap="truncate-end">
        <Text inverse bold color={colors.accent}>
          {' kube-trace '}
        </Text>
        {command !== '' ? <Text bold> {truncate(command, Math.max(10, width - target.length - 16))}</Text> : null}
      </Text>
      <Box flexGrow={1} />
      {target !== '' && width >= 60 ? <Text color={colors.muted}>{truncate(target, Math.floor(width / 2))}</Text> : null}
    </Box>
  );
}
