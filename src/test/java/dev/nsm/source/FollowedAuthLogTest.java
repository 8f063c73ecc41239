package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.Fact;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Following a growing auth log: appends, partial lines, rotation, a late file, stopping. */
class FollowedAuthLogTest {

  private static final Duration POLL = Duration.ofMillis(5);
  // Generous: only a broken follower ever waits this long.
  private static final long WAIT_MILLIS = 10_000;

  @TempDir Path temp;
  private Follower follower;

  @AfterEach
  void stopFollower() throws Exception {
    if (follower != null) {
      follower.stop();
    }
  }

  @Test
  void linesAppendedAfterStartArriveAsAttemptsAndEarlierLinesDoNot() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, failedPassword(1));
    follower = new Follower(log, false).start();
    // Until the follower has opened the file an append counts as earlier, so append until one
    // lands.
    int second = 2;
    while (follower.seconds().isEmpty() && second < 50) {
      append(log, failedPassword(second++));
      Thread.sleep(20);
    }
    int last = second - 1;
    follower.awaitSecond(last);
    List<Integer> seen = follower.stop();
    assertFalse(seen.contains(1), "line written before following started: " + seen);
    assertEquals(last, seen.get(seen.size() - 1));
    assertEquals(seen.size(), seen.stream().distinct().count(), "no attempt twice: " + seen);
  }

  @Test
  void partialLineCompletedLaterIsOneAttempt() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, "");
    follower = new Follower(log, true).start();
    String line = failedPassword(7);
    append(log, line.substring(0, 40));
    Thread.sleep(POLL.toMillis() * 10); // lets the follower see the half line
    assertEquals(List.of(), follower.seconds(), "nothing from half a line");
    append(log, line.substring(40));
    follower.awaitSecond(7);
    assertEquals(List.of(7), follower.stop());
    assertEquals(List.of(), follower.sink.problems());
  }

  @Test
  void renameAndCreateRotationLosesAndDoublesNoLine() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, failedPassword(1) + failedPassword(2));
    follower = new Follower(log, true).start();
    follower.awaitSecond(2);
    append(log, failedPassword(3));
    Files.move(log, temp.resolve("auth.log.1"));
    Thread.sleep(POLL.toMillis() * 10); // the path is missing for a while
    Files.writeString(log, failedPassword(4) + failedPassword(5));
    follower.awaitSecond(5);
    append(log, failedPassword(6));
    follower.awaitSecond(6);
    assertEquals(List.of(1, 2, 3, 4, 5, 6), follower.stop());
  }

  @Test
  void copyTruncateRotationLosesAndDoublesNoLine() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, failedPassword(1) + failedPassword(2));
    follower = new Follower(log, true).start();
    follower.awaitSecond(2);
    Files.copy(log, temp.resolve("auth.log.1"));
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    append(log, failedPassword(3));
    follower.awaitSecond(3);
    append(log, failedPassword(4));
    follower.awaitSecond(4);
    assertEquals(List.of(1, 2, 3, 4), follower.stop());
  }

  @Test
  void fileThatAppearsLaterIsFollowedFromItsStart() throws Exception {
    Path log = temp.resolve("auth.log");
    follower = new Follower(log, false).start();
    Thread.sleep(POLL.toMillis() * 10);
    Files.writeString(log, failedPassword(1) + failedPassword(2));
    follower.awaitSecond(2);
    append(log, failedPassword(3));
    follower.awaitSecond(3);
    assertEquals(List.of(1, 2, 3), follower.stop());
  }

  @Test
  void stopEndsTheWaitOfAnIdleFollower() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, failedPassword(1));
    FollowedAuthLog source =
        new FollowedAuthLog(log, 2026, ZoneOffset.UTC, Duration.ofHours(1), true);
    follower = new Follower(source).start();
    follower.awaitSecond(1);
    assertEquals(List.of(1), follower.stop()); // stop() fails unless readInto returns
  }

  @Test
  void precursorAndVerdictSecondsApartAreOneTry() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, "");
    follower = new Follower(log, true).start();
    append(log, "Nov 25 08:49:10 srv01 sshd[15112]: Invalid user bob from 198.51.100.23 port 1\n");
    Thread.sleep(POLL.toMillis() * 10); // quiet polls while the verdict is awaited
    append(
        log,
        "Nov 25 08:49:12 srv01 sshd[15112]: Failed password for invalid user bob"
            + " from 198.51.100.23 port 1 ssh2\n");
    follower.awaitSecond(12);
    assertEquals(List.of(12), follower.stop());
  }

  @Test
  void precursorWithNoVerdictGoesOnceTheLogHasBeenQuietLongEnough() throws Exception {
    Path log = temp.resolve("auth.log");
    Files.writeString(log, "");
    AtomicLong millis = new AtomicLong(Instant.parse("2026-11-25T09:00:00Z").toEpochMilli());
    FollowedAuthLog source =
        new FollowedAuthLog(log, 2026, ZoneOffset.UTC, POLL, true, new SteppedClock(millis));
    follower = new Follower(source).start();
    append(log, "Nov 25 08:49:10 srv01 sshd[15112]: Invalid user bob from 198.51.100.23 port 1\n");
    Thread.sleep(POLL.toMillis() * 10);
    assertEquals(List.of(), follower.seconds(), "still waiting for sshd's verdict");
    millis.addAndGet(6_000);
    follower.awaitSecond(10);
    assertEquals(List.of(10), follower.stop());
  }

  private static String failedPassword(int second) {
    return String.format(
        "Nov 25 08:49:%02d srv01 sshd[15112]: Failed password for root from 198.51.100.23"
            + " port 46672 ssh2\n",
        second);
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  /** A source following on its own thread, and what it has handed over so far. */
  private static final class Follower {
    final FollowedAuthLog source;
    final SharedSink sink = new SharedSink();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread;

    Follower(Path log, boolean fromStart) {
      this(new FollowedAuthLog(log, 2026, ZoneOffset.UTC, POLL, fromStart));
    }

    Follower(FollowedAuthLog source) {
      this.source = source;
    }

    Follower start() {
      thread =
          new Thread(
              () -> {
                try {
                  source.readInto(sink);
                } catch (Throwable e) {
                  failure.set(e);
                }
              },
              "follower");
      thread.setDaemon(true);
      thread.start();
      return this;
    }

    /** The seconds (of 08:49) of the attempts so far, in arrival order. */
    List<Integer> seconds() {
      List<Integer> seconds = new ArrayList<>();
      for (Fact fact : sink.facts()) {
        AuthAttempt attempt = (AuthAttempt) fact;
        seconds.add(Instant.ofEpochMilli(attempt.timestamp()).atZone(ZoneOffset.UTC).getSecond());
      }
      return seconds;
    }

    void awaitSecond(int second) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
      while (!seconds().contains(second) && System.nanoTime() < deadline) {
        assertTrue(thread.isAlive(), () -> "follower ended: " + failure.get());
        Thread.sleep(2);
      }
      assertTrue(seconds().contains(second), () -> "no attempt at :" + second + ": " + seconds());
    }

    /** Stops the source and gives every attempt's second once it has returned. */
    List<Integer> stop() throws Exception {
      source.stop();
      thread.join(WAIT_MILLIS);
      assertFalse(thread.isAlive(), "readInto returned after stop()");
      if (failure.get() != null) {
        throw new AssertionError("follower failed", failure.get());
      }
      return seconds();
    }
  }

  /** A sink the follower's thread writes while the test thread reads. */
  private static final class SharedSink implements FactSink {
    private final List<Fact> facts = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    @Override
    public synchronized void accept(Fact fact) {
      facts.add(fact);
    }

    @Override
    public synchronized void malformed(String input, long line, String reason) {
      problems.add(input + ":" + line + ": " + reason);
    }

    synchronized List<Fact> facts() {
      return List.copyOf(facts);
    }

    synchronized List<String> problems() {
      return List.copyOf(problems);
    }
  }

  /** Wall time that moves only when the test moves it. */
  private static final class SteppedClock extends Clock {
    private final AtomicLong millis;

    SteppedClock(AtomicLong millis) {
      this.millis = millis;
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
