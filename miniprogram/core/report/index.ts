// The report, one job per file: the model and verdict, the validator of untrusted input, the renderers.
export * from './model'
export * from './validate'
export * from './render'
