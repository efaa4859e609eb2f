/** The streams a CLI command writes to (the process's own, or a test's buffers). */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}
