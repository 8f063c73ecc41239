package dev.nsm.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.nsm.event.Alert;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code alerts.jsonl}: one JSON object per alert per line, in ECS shape (see {@code
 * docs/alerts.schema.json}). Each line is serialized in full first and then written with a single
 * write and flushed, so a reader tailing the file, or a crash, never meets half an alert followed
 * by the next one.
 *
 * <p>Characters outside printable ASCII are written as {@code \}{@code uXXXX} escapes ({@link
 * PrintableJson}): no reader that also splits lines at U+2028, U+0085 and the like can break one
 * apart, and a terminal showing the file meets no control character.
 */
public final class JsonLinesAlertSink implements AlertSink {

  private static final ObjectWriter WRITER = PrintableJson.writer();

  private final OutputStream out;
  private final AlertDocument documents;

  private JsonLinesAlertSink(OutputStream out, AlertDocument documents) {
    this.out = out;
    this.documents = documents;
  }

  /**
   * Opens the file for appending, creating it with mode 0600 if absent (and setting 0600 if not).
   *
   * @param rulesetHash identifies the ruleset in force; written into every line
   * @param version nsm's version; written into every line
   * @throws IOException if the path is a symbolic link or not a regular file, or cannot be opened
   */
  public static JsonLinesAlertSink open(Path file, String rulesetHash, String version)
      throws IOException {
    Objects.requireNonNull(rulesetHash, "rulesetHash");
    Objects.requireNonNull(version, "version");
    return new JsonLinesAlertSink(
        OwnerOnlyFile.openForAppend(file), new AlertDocument(rulesetHash, version));
  }

  /** The alert's line, without its newline. */
  String line(Alert alert) {
    try {
      return WRITER.writeValueAsString(documents.of(alert));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  /**
   * Appends the alert's line.
   *
   * @throws UncheckedIOException if the line cannot be written
   */
  @Override
  public synchronized void accept(Alert alert) {
    byte[] bytes = (line(alert) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("could not write alert " + alert.id(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
