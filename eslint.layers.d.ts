// Types of eslint.layers.js, for the test that imports it.
export declare const zones: { target: string; from: string | string[]; message: string }[];
