package dev.nsm.report;

import dev.nsm.event.Alert;
import java.io.IOException;

/**
 * Where raised alerts go: the security log, the JSON Lines file, the report. Called from the engine
 * thread in event-time order. Sinks that write files report write failures as {@link
 * java.io.UncheckedIOException} from {@link #accept}, since an alert that cannot be recorded must
 * not pass unnoticed.
 */
public interface AlertSink extends AutoCloseable {

  void accept(Alert alert);

  default void flush() {}

  @Override
  default void close() throws IOException {}
}
