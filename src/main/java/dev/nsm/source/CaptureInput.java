package dev.nsm.source;

import java.io.Closeable;
import java.io.IOException;

/** Sequential bytes of a capture file, however they are stored (mapped file, gzip, stdin). */
interface CaptureInput extends Closeable {

  /**
   * Reads up to {@code length} bytes, fewer only at the end of the input.
   *
   * @return the number of bytes read
   */
  int readUpTo(byte[] target, int offset, int length) throws IOException;

  /**
   * Skips up to {@code count} bytes, fewer only at the end of the input.
   *
   * @return the number of bytes skipped
   */
  long skipUpTo(long count) throws IOException;
}
