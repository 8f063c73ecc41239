package dev.nsm.source;

import java.io.IOException;

/**
 * Live capture could not start: no such interface, a filter libpcap rejects, missing privileges.
 * The message is one line that says what to do.
 */
public final class LiveCaptureException extends IOException {
  public LiveCaptureException(String message) {
    super(message);
  }

  public LiveCaptureException(String message, Throwable cause) {
    super(message, cause);
  }
}
