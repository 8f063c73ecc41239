package dev.nsm.source;

import java.io.IOException;
import java.io.InputStream;

/** A capture read from a stream (gzip, standard input), through a large buffer. */
final class StreamCaptureInput implements CaptureInput {

  private final InputStream in;

  StreamCaptureInput(InputStream in) {
    this.in = in;
  }

  @Override
  public int readUpTo(byte[] target, int offset, int length) throws IOException {
    return in.readNBytes(target, offset, length);
  }

  @Override
  public long skipUpTo(long count) throws IOException {
    long skipped = 0;
    while (skipped < count) {
      long step = in.skip(count - skipped);
      if (step <= 0) {
        if (in.read() < 0) {
          break;
        }
        step = 1;
      }
      skipped += step;
    }
    return skipped;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
