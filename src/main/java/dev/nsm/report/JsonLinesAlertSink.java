package dev.nsm.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.nsm.event.Alert;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * {@code alerts.jsonl}: one JSON object per alert per line, in ECS shape (see {@code
 * docs/alerts.schema.json}). Each line is serialized in full first and then written with a single
 * write through a {@link WholeLineFile}, so a reader tailing the file, a crash or a full disk never
 * leaves half an alert followed by the next one.
 *
 * <p>When it opens the file, the sink removes a torn last line left by an interrupted run (or ends
 * it with a line break if it is a whole JSON object that only lost its line break), and reads the
 * ids of the alerts already there: an alert whose id is in the file is not written again, so a
 * re-run of the same input completes the file rather than duplicating it.
 *
 * <p>Characters outside printable ASCII are written as {@code \}{@code uXXXX} escapes ({@link
 * PrintableJson}): no reader that also splits lines at U+2028, U+0085 and the like can break one
 * apart, and a terminal showing the file meets no control character.
 */
public final class JsonLinesAlertSink implements AlertSink {

  /** A torn line longer than this is not worth reading to see whether it is whole. */
  private static final int MAX_CHECKED_LINE = 1 << 20;

  private static final ObjectWriter WRITER = PrintableJson.writer();
  private static final JsonFactory PARSER = new JsonFactory();

  private final WholeLineFile out;
  private final AlertDocument documents;
  private final Set<String> written;
  private final String repaired;
  private final Pseudonyms pseudonyms;
  private long skipped;

  private JsonLinesAlertSink(
      WholeLineFile out,
      AlertDocument documents,
      Set<String> written,
      String repaired,
      Pseudonyms pseudonyms) {
    this.pseudonyms = pseudonyms;
    this.out = out;
    this.documents = documents;
    this.written = written;
    this.repaired = repaired;
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
    return open(file, rulesetHash, version, null);
  }

  /**
   * Opens the file as {@link #open(Path, String, String)} does, writing every address as its
   * pseudonym: {@code source.address} and {@code destination.address} instead of {@code .ip} (ECS
   * types those as addresses), no {@code network.community_id} (a hash of the addresses, which
   * would confirm a guess), the key's fingerprint in {@code nsm.pseudonym_key}, and every address
   * in any other field, messages and evidence included, replaced.
   *
   * @param pseudonyms {@code null} for real addresses
   */
  public static JsonLinesAlertSink open(
      Path file, String rulesetHash, String version, Pseudonyms pseudonyms) throws IOException {
    Objects.requireNonNull(rulesetHash, "rulesetHash");
    Objects.requireNonNull(version, "version");
    WholeLineFile out = WholeLineFile.open(file);
    try {
      String repaired = repairTornLine(out);
      Set<String> written = WrittenAlertIds.read(file, JsonLinesAlertSink::idOf);
      return new JsonLinesAlertSink(
          out, new AlertDocument(rulesetHash, version, pseudonyms), written, repaired, pseudonyms);
    } catch (IOException e) {
      out.close();
      throw e;
    }
  }

  /** The alert's line, without its newline. */
  String line(Alert alert) {
    try {
      String line = WRITER.writeValueAsString(documents.of(alert));
      return pseudonyms == null ? line : pseudonyms.text(line);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  /**
   * Appends the alert's line, unless the file already held an alert of this id when it was opened.
   *
   * @throws UncheckedIOException if the line cannot be written; the file is left as it was, and
   *     every later alert fails the same way
   */
  @Override
  public synchronized void accept(Alert alert) {
    if (written.contains(alert.id())) {
      skipped++;
      return;
    }
    byte[] bytes = (line(alert) + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Alerts not written because the file already held them (an earlier run of the same input). */
  public synchronized long alreadyWritten() {
    return skipped;
  }

  /** What was done to a torn last line found on opening, for the log; {@code null} if none. */
  public String repairedTornLine() {
    return repaired;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  private static String repairTornLine(WholeLineFile out) throws IOException {
    long torn = out.unterminatedTail();
    if (torn == 0) {
      return null;
    }
    if (torn <= MAX_CHECKED_LINE
        && scan(new String(out.tail((int) torn), StandardCharsets.UTF_8)).whole()) {
      out.endTornLine();
      return out.path()
          + " ended in a whole alert without its line break: the line break was added";
    }
    out.dropTornLine(torn);
    return out.path()
        + " ended in a partial line of "
        + torn
        + " bytes, left by an interrupted run: it was removed (this run writes the alert again if it raises it)";
  }

  /**
   * The {@code event.id} of a line that is one whole JSON object, else {@code null}: a line cut off
   * by a crash is no alert, even if its id was written.
   */
  static String idOf(String line) {
    return scan(line).id();
  }

  /** What a line of the file holds: one whole JSON object or not, and its alert id if any. */
  private record Scanned(boolean whole, String id) {
    static final Scanned BROKEN = new Scanned(false, null);
  }

  private static Scanned scan(String line) {
    String id = null;
    try (JsonParser parser = PARSER.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Scanned.BROKEN;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("event") && value == JsonToken.START_OBJECT) {
          id = eventId(parser);
        } else {
          parser.skipChildren();
        }
      }
      // The closing brace was read; anything after it but whitespace makes the line no object.
      boolean whole = parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null;
      return whole ? new Scanned(true, id) : Scanned.BROKEN;
    } catch (IOException e) {
      return Scanned.BROKEN;
    }
  }

  private static String eventId(JsonParser parser) throws IOException {
    String id = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if (field.equals("id") && value == JsonToken.VALUE_STRING) {
        id = parser.getText();
      } else {
        parser.skipChildren();
      }
    }
    return id;
  }
}
