import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { notRegular } from './workflow-files.js';

/** The server's default MAX_BODY_BYTES (src/config.ts): a file the API would refuse is refused here too. */
export const DEFAULT_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** The file is not one the CLI reads (checked again on the open descriptor: it may have changed since it was listed). */
export class NotRegularFileError extends Error {}

export class FileTooLargeError extends Error {}

/**
 * Reads a workflow file as UTF-8, at most `maxBytes`. Opened non-blocking so that a FIFO put in
 * place after the file was listed cannot hang the run; the size is checked on the descriptor and
 * again while reading, so a file that grows (or a link to /dev/zero) never fills memory.
 * Synchronous on purpose: it runs in a worker thread, one file at a time.
 */
export function readWorkflowFile(file: string, maxBytes: number): string {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new NotRegularFileError(notRegular(info));
    if (info.size > maxBytes) throw new FileTooLargeError(tooLarge(info.size, maxBytes));
    // One byte more than allowed tells a file that grew past the limit from one that just fits.
    let buffer = Buffer.allocUnsafe(Math.min(info.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // It grew since fstat: keep reading up to the limit.
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) throw new FileTooLargeError(tooLarge(length, maxBytes));
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return `larger than ${maxBytes} bytes (${size} or more); raise --max-bytes to read it`;
}
