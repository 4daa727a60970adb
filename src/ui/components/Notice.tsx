// The notice under the timeline (e.g. "no kubeconfig found … the embedded sandbox"), whole, until the
// learner moves on; it is printed again on the normal screen when the walkthrough ends.
import React from 'react';
import { Box, Text } from 'ink';
import { colors } from '../theme.js';

export function Notice({ rows }: { rows: readonly string[] }): React.JSX.Element | null {
  if (rows.length === 0) return null;
  return (
    <>
      {rows.map((row, i) => (
        <Box key={`notice-${i}`} height={1}>
          <Text wrap="truncate-end" color={colors.lookAt}>
            {row}
          </Text>
        </Box>
      ))}
    </>
  );
}
