package dev.nsm.source;

import dev.nsm.decode.AuthLogParser;
import dev.nsm.decode.LogContext;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Follows one auth log as it is written, like {@code tail -F -n 0}: lines already in the file when
 * following starts are skipped (unless told to read from the start), each line appended later
 * becomes facts exactly as {@link AuthLogSource} reads it, until {@link #stop()}.
 *
 * <p>Rotation is survived: when the path names another file (rename and create, logrotate's
 * default) the old file is read to its end first; when the file becomes shorter than what was read
 * (copytruncate) it is read again from its start. A missing path is waited for, and a file that
 * appears is read from its start. A last line without its newline waits for it.
 *
 * <p>Truncation is seen by size, at a quiet poll: a file truncated and written past the old read
 * position within one poll interval is taken as grown, as {@code tail} does.
 */
public final class FollowedAuthLog implements LiveSource {

  /** How often a quiet file is looked at again. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(250);

  private final Path file;
  private final Integer year;
  private final ZoneId zone;
  private final long pollMillis;
  private final boolean fromStart;
  private final Clock clock;
  private final AuthLogParser parser = new AuthLogParser();
  private final AuthLogLines.Tally tally = new AuthLogLines.Tally();
  private final Object wake = new Object();
  private volatile boolean stopped;

  /** Follows {@code file} from its current end, looking every {@link #DEFAULT_POLL}. */
  public FollowedAuthLog(Path file, Integer year, ZoneId zone) {
    this(file, year, zone, DEFAULT_POLL, false);
  }

  /**
   * @param file the log to follow
   * @param year the year of classic syslog timestamps, or {@code null} for the year of the wall
   *     clock when the line is read (a line is never later than its reading)
   * @param zone the zone of timestamps that carry none, or {@code null} for UTC
   * @param poll how long to wait before looking at a quiet file again
   * @param fromStart read the lines already in the file too
   */
  public FollowedAuthLog(Path file, Integer year, ZoneId zone, Duration poll, boolean fromStart) {
    this(file, year, zone, poll, fromStart, Clock.systemUTC());
  }

  FollowedAuthLog(
      Path file, Integer year, ZoneId zone, Duration poll, boolean fromStart, Clock clock) {
    if (poll.isNegative() || poll.toMillis() < 1) {
      throw new IllegalArgumentException("poll interval must be at least 1 ms, got " + poll);
    }
    this.file = Objects.requireNonNull(file, "file");
    this.year = year;
    this.zone = zone;
    this.pollMillis = poll.toMillis();
    this.fromStart = fromStart;
    this.clock = clock;
  }

  @Override
  public String name() {
    return file.toString();
  }

  /** The counts of the read; complete once {@link #readInto} has returned. */
  public AuthLogSource.Counts counts() {
    return tally.counts();
  }

  /** The first lines that were about something else; see {@link AuthLogSource}'s. */
  public List<String> samplesOfUnrecognised() {
    return tally.samplesOfUnrecognised();
  }

  /** Makes {@link #readInto} return after the line it is reading; from any thread. */
  @Override
  public void stop() {
    stopped = true;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /**
   * Follows the file until {@link #stop()} (or an interrupt), then hands over the tries still
   * waiting for a verdict and returns.
   *
   * <p>A try's lines may be seconds apart (PAM's line, then the daemon's verdict), so the last try
   * before a quiet spell waits: at each quiet poll, event time is taken to be the last try's plus
   * the wall time since the last line, and what can no longer be merged at that time goes.
   */
  @Override
  public void readInto(FactSink sink) throws IOException {
    AuthLogLines out = new AuthLogLines(parser, tally, sink, false);
    // Only the file there when following starts is read from its end; later ones are new.
    boolean skipExisting = !fromStart;
    OpenLog log = null;
    long lastLineMillis = clock.millis();
    try {
      while (!stopped) {
        if (log == null) {
          log = OpenLog.open(file, skipExisting);
          skipExisting = false;
          if (log == null) {
            pause();
            continue;
          }
        }
        BoundedLineReader.Line line = log.lines.nextComplete();
        if (line != null) {
          out.take(line, context());
          lastLineMillis = clock.millis();
          continue;
        }
        if (out.lastEventMicros() != Long.MIN_VALUE) {
          out.advanceTo(out.lastEventMicros() + (clock.millis() - lastLineMillis) * 1000);
        }
        if (log.replaced()) {
          // What was written to the old file before the switch, a last unended line included.
          for (line = log.lines.next(); line != null && !stopped; line = log.lines.next()) {
            out.take(line, context());
          }
          log.close();
          log = null;
          continue;
        }
        pause();
      }
    } catch (IOException e) {
      throw new IOException("cannot follow auth log " + file + ": " + e.getMessage(), e);
    } finally {
      if (log != null) {
        log.close();
      }
    }
    out.end();
  }

  private LogContext context() {
    return new LogContext(file.toString(), 0, year, zone, Instant.ofEpochMilli(clock.millis()));
  }

  private void pause() {
    synchronized (wake) {
      if (stopped) {
        return;
      }
      try {
        wake.wait(pollMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped = true;
      }
    }
  }

  /** The file the path named when it was opened, and where its reading stands. */
  private static final class OpenLog implements Closeable {
    final Path path;
    final FileChannel channel;
    final Object identity;
    final BoundedLineReader lines;

    private OpenLog(Path path, FileChannel channel, Object identity) {
      this.path = path;
      this.channel = channel;
      this.identity = identity;
      this.lines = new BoundedLineReader(new ChannelReader(channel), AuthLogSource.MAX_LINE_CHARS);
    }

    /** The open file, or {@code null} when the path names no file just now. */
    static OpenLog open(Path path, boolean atEnd) throws IOException {
      Object before = identity(path);
      if (before == null) {
        return null;
      }
      FileChannel channel;
      try {
        channel = FileChannel.open(path, StandardOpenOption.READ);
      } catch (NoSuchFileException e) {
        return null;
      }
      // Renamed away between the look and the open: the next poll opens the new one.
      if (!before.equals(identity(path))) {
        channel.close();
        return null;
      }
      if (atEnd) {
        channel.position(channel.size());
      }
      return new OpenLog(path, channel, before);
    }

    /** The path names another file now, or none, or this one has been cut shorter. */
    boolean replaced() throws IOException {
      return !identity.equals(identity(path)) || channel.size() < channel.position();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }

    // The file key (device and inode on Unix), or null when the path names no file. A file system
    // without keys is followed by size alone, so only copytruncate rotation is seen.
    private static Object identity(Path path) throws IOException {
      try {
        Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        return key == null ? "no file key" : key;
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }

  /**
   * UTF-8 text of a channel that may still grow: at its current end {@code read} says end of input,
   * and a later call reads what has been appended since. A character split by the end is kept until
   * its last bytes arrive; bytes that are not UTF-8 become U+FFFD as in {@link AuthLogSource}.
   */
  private static final class ChannelReader extends Reader {
    private final FileChannel in;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);

    ChannelReader(FileChannel in) {
      this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      CharBuffer chars = CharBuffer.wrap(target, offset, length);
      while (true) {
        decoder.decode(bytes, chars, false);
        if (chars.position() > offset) {
          return chars.position() - offset;
        }
        bytes.compact();
        int read = in.read(bytes);
        bytes.flip();
        if (read <= 0) {
          return -1;
        }
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
