// The plan's stages, always visible: done ✓, failed ✗, not reached –, pending ○; the stage on screen in
// inverse; the counter (position/plan length, e.g. "3/N") at the right. Falls back to numbers for the other stages when the
// terminal is too narrow for names.
import React from 'react';
import { Box, Text } from 'ink';
import type { AnyStageResult, TracePlan } from '../../trace/types.js';
import { colorDisabled, colors, marks } from '../theme.js';

export interface TimelineProps {
  plan: TracePlan;
  results: readonly (AnyStageResult | undefined)[];
  /** Index of the stage on screen, or null on the summary. */
  current: number | null;
  /** Index of the stage being computed right now, if any. */
  running: number | null;
  width: number;
}

function markFor(r: AnyStageResult | undefined, running: boolean): { mark: string; color: string } {
  if (r === undefined) return { mark: running ? '◌' : marks.pending, color: running ? colors.accent : colors.muted };
  if (r.status === 'ok') return { mark: marks.ok, color: colors.ok };
  if (r.status === 'error') return { mark: marks.error, color: colors.fail };
  return { mark: marks.skipped, color: colors.muted };
}

/** "3/N": the position on screen out of the plan's N stages. */
export function stageCounter(plan: TracePlan, index: number): string {
  return `${index + 1}/${plan.stages.length}`;
}

export function timelineWidth(plan: TracePlan, compact: boolean, current: number | null): number {
  const counter = 6;
  const names = plan.stages.map((s) => s.name);
  if (!compact) return names.reduce((w, n) => w + n.length + 4, 0) + counter;
  const currentName = current !== null ? (names[current]?.length ?? 0) + 1 : 0;
  return names.length * 4 + currentName + counter;
}

export function Timeline({ plan, results, current, running, width }: TimelineProps): React.JSX.Element {
  const compact = timelineWidth(plan, false, current) > width;
  const counter = current === null ? 'summary' : stageCounter(plan, current);
  const bracket = colorDisabled();
  return (
    <Box width={width} height={1} overflow="hidden">
      <Box flexGrow={1}>
        <Text wrap="truncate-end">
          {plan.stages.map(({ name }, i) => {
            const { mark, color } = markFor(results[i], running === i);
            const isCurrent = current === i;
            const label = compact ? (isCurrent ? `${i + 1} ${name}` : `${i + 1}`) : name;
            return (
              <Text key={name}>
                {i > 0 ? (compact ? ' ' : '  ') : ''}
                <Text color={color}>{mark}</Text>
                {isCurrent ? (
                  <Text inverse bold color={results[i]?.status === 'error' ? colors.fail : colors.accent}>
                    {bracket ? `[${label}]` : ` ${label} `}
                  </Text>
                ) : (
                  <Text color={results[i]?.status === 'error' ? colors.fail : results[i] === undefined ? colors.muted : undefined}>{` ${label}`}</Text>
                )}
              </Text>
            );
          })}
        </Text>
      </Box>
      <Text bold> {counter}</Text>
    </Box>
  );
}
