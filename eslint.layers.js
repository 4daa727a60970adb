// The layers of kube-trace as import rules (eslint-plugin-import-x no-restricted-paths zones): each zone
// names a folder and the folders it must never import. Used by eslint.config.js and by the test that
// proves a wrong-way import fails (test/lint/layers.test.ts).
const S = './src';
/** The low layers: what they own is below the engine, so they never reach up. */
const LOW = ['apimachinery', 'duration', 'format', 'glassbox', 'kube', 'text', 'recording'];
const UP = ['trace', 'lessons', 'render', 'ui', 'cli', 'record', 'export', 'workshop'];

export const zones = [
  // The low layers never import the engine or anything that presents it.
  ...LOW.map((dir) => ({ target: `${S}/${dir}`, from: UP.map((u) => `${S}/${u}`), message: `src/${dir} is below the engine: it must not import trace/, lessons/, render/, ui/ or cli/.` })),
  // The sandbox is a separate server: it never imports the engine, its client layer or the presenters.
  { target: `${S}/sandbox`, from: [...UP.map((u) => `${S}/${u}`), `${S}/kube`], message: 'The sandbox is a separate server: it must not import the engine (trace/), the client layer (kube/) or the presenters.' },
  // The engine never imports presenters, lessons or the sandbox (it talks to the sandbox over HTTP).
  { target: `${S}/trace`, from: ['lessons', 'render', 'ui', 'cli', 'sandbox', 'record', 'export', 'workshop'].map((u) => `${S}/${u}`), message: 'The engine (trace/) produces data: it must not import lessons, presenters, the CLI or the sandbox.' },
  // Lessons read the trace contract only.
  { target: `${S}/lessons`, from: ['render', 'ui', 'cli', 'sandbox', 'kube'].map((u) => `${S}/${u}`), message: 'lessons/ reads the trace contract only.' },
  // Renderers present data; they never reach into the UI or the CLI.
  { target: `${S}/render`, from: ['ui', 'cli', 'sandbox'].map((u) => `${S}/${u}`), message: 'render/ presents trace data: it must not import ui/, cli/ or the sandbox.' },
  // The workshop kit: a recording is made and replayed through the engine (record/), handouts present a
  // report (export/), a workshop file is read and checked (workshop/); none of them reaches the CLI,
  // the UI or the sandbox, which reads recordings through src/recording only.
  { target: `${S}/record`, from: ['render', 'ui', 'cli', 'sandbox', 'export', 'workshop'].map((u) => `${S}/${u}`), message: 'record/ makes and replays recordings through the engine: it must not import presenters, the CLI or the sandbox.' },
  { target: `${S}/export`, from: ['ui', 'cli', 'sandbox', 'record', 'workshop'].map((u) => `${S}/${u}`), message: 'export/ presents a finished report: it must not import ui/, cli/, the sandbox, record/ or workshop/.' },
  { target: `${S}/workshop`, from: ['ui', 'cli', 'sandbox', 'render', 'export'].map((u) => `${S}/${u}`), message: 'workshop/ reads and checks workshop files: it must not import ui/, cli/, the sandbox or presenters.' },
  // Only the CLI starts the UI.
  { target: `${S}/!(cli|ui)/**`, from: `${S}/ui`, message: 'Nothing but cli/ imports ui/.' },
  { target: `${S}/ui`, from: [`${S}/cli`, `${S}/sandbox`], message: 'ui/ presents trace data: it must not import cli/ or the sandbox.' },
];
