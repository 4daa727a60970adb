// A small, complete LessonSet for the UI tests (the real lessons/ are loaded by src/lessons).
import { STAGE_NAMES, STAGE_TITLES } from '../../../src/trace/types.js';
import type { StageName } from '../../../src/trace/types.js';
import type { Lesson, LessonSet } from '../../../src/lessons/types.js';

function lesson(stage: StageName, extra: Partial<Lesson> = {}): Lesson {
  return {
    stage,
    title: STAGE_TITLES[stage],
    summary: `Summary of the ${stage} lesson.`,
    body: [
      { heading: `What ${stage} does`, text: `First section of the ${stage} lesson.` },
      { heading: `Why ${stage} matters`, text: `Second section of the ${stage} lesson.` },
    ],
    look_at: [],
    myths: [],
    sources: [{ repo: 'kubernetes/kubernetes', path: 'staging/src/k8s.io/kubectl/pkg/cmd/get/get.go' }],
    try: [],
    file: `lessons/${stage}.yaml`,
    ...extra,
  };
}

export function lessonSet(): LessonSet {
  const set = Object.fromEntries(STAGE_NAMES.map((s) => [s, lesson(s)])) as LessonSet;
  set.request = lesson('request', {
    summary: 'kubectl turns your command into one HTTPS GET.',
    look_at: [
      { field: 'request.url', note: 'limit=500: kubectl pages large lists.' },
      { field: 'request.chunkSize', note: 'The --chunk-size flag sets the limit.' },
    ],
    myths: [
      {
        claim: 'kubectl reads pods from etcd.',
        reality: 'kubectl only ever talks to the API server over HTTPS.',
        evidence: [{ fixture: 'real-apiserver/kubectl/44-viewer-get-pods-v9.txt', contains: 'GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500' }],
      },
    ],
  });
  set.response = lesson('response', {
    look_at: [
      { field: 'auditId', note: 'The same id is in the API server audit log.' },
      { field: 'timings.ttfbMs', note: 'Time the server took before the first byte.' },
    ],
  });
  return set;
}
