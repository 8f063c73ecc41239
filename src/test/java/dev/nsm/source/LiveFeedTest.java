package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class LiveFeedTest {

  /** A live source that delivers its facts, then waits until stopped (or fails). */
  private static final class Scripted implements LiveSource {
    private final String name;
    private final int facts;
    private final boolean fail;
    private final CountDownLatch stopped = new CountDownLatch(1);

    Scripted(String name, int facts, boolean fail) {
      this.name = name;
      this.facts = facts;
      this.fail = fail;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void readInto(FactSink sink) throws IOException {
      for (int i = 1; i <= facts; i++) {
        sink.accept(
            Connection.of(
                i * 1_000_000L, "192.0.2.1", 1, null, 80, Transport.TCP, Origin.frame(name, i)));
      }
      sink.advanceTo(facts * 1_000_000L + 5);
      if (fail) {
        throw new IOException(name + ": gone");
      }
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void stop() {
      stopped.countDown();
    }
  }

  private static final class Recording implements FactSink {
    final List<Fact> facts = new ArrayList<>();
    final List<Long> advances = new ArrayList<>();

    @Override
    public synchronized void accept(Fact fact) {
      facts.add(fact);
    }

    @Override
    public void malformed(String input, long line, String reason) {}

    @Override
    public synchronized void advanceTo(long micros) {
      advances.add(micros);
    }
  }

  @Test
  void everySourceReachesTheSinkOnTheCallersThreadUntilStopped() throws Exception {
    Scripted a = new Scripted("eth0", 3, false);
    Scripted b = new Scripted("auth.log", 2, false);
    LiveFeed feed = new LiveFeed(List.of(a, b));
    Recording sink = new Recording();
    Thread feeding =
        new Thread(
            () -> {
              try {
                feed.readInto(sink);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });
    feeding.start();
    for (int i = 0; i < 100 && sink.facts.size() < 5; i++) {
      Thread.sleep(20);
    }
    feed.stop();
    feeding.join(5000);
    assertEquals(5, sink.facts.size());
    assertEquals(2, sink.advances.size(), "heartbeats pass through");
    assertTrue(!feeding.isAlive(), "stop ends the feed");
  }

  @Test
  void aFailingSourceEndsTheFeedWithItsError() {
    LiveFeed feed =
        new LiveFeed(List.of(new Scripted("eth0", 1, false), new Scripted("auth.log", 1, true)));
    IOException e = assertThrows(IOException.class, () -> feed.readInto(new Recording()));
    assertEquals("auth.log: gone", e.getMessage());
  }
}
