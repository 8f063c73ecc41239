package dev.nsm.source;

import java.io.IOException;

/**
 * A capture file that is not a pcap or pcapng file, or that is truncated or malformed. The message
 * names the file, the frame being read and what was expected; every packet before that frame has
 * already been delivered.
 */
public final class CaptureFormatException extends IOException {

  public CaptureFormatException(String file, long frame, String problem) {
    super(file + ": frame " + frame + ": " + problem);
  }

  public CaptureFormatException(String file, String problem) {
    super(file + ": " + problem);
  }
}
