package dev.nsm.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * The ids of the alerts an output file already holds, so that running nsm again on the same input
 * and output files (after a crash, a full disk, or by mistake) does not write an alert twice. Alert
 * ids are deterministic (rule, source, event time and place in the run), so a re-run raises the
 * same ids and a run of other input raises other ones.
 *
 * <p>Only the last {@value #WINDOW_BYTES} bytes of the file are read (some 20,000 alerts in {@code
 * alerts.jsonl}), which bounds start-up time and memory however large the file has grown: the run
 * being resumed is the one that wrote last.
 */
final class WrittenAlertIds {

  static final long WINDOW_BYTES = 64L << 20;

  private WrittenAlertIds() {}

  /**
   * @param idOfLine the alert id a line holds, or {@code null} for a line that is no whole alert
   */
  static Set<String> read(Path file, Function<String, String> idOfLine) throws IOException {
    Set<String> ids = new HashSet<>();
    try (FileChannel in =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long start = Math.max(0, in.size() - WINDOW_BYTES);
      in.position(start);
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(Channels.newInputStream(in), StandardCharsets.UTF_8), 1 << 16);
      if (start > 0) {
        lines.readLine(); // the window starts inside this line
      }
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String id = idOfLine.apply(line);
        if (id != null) {
          ids.add(id);
        }
      }
    }
    return ids;
  }
}
