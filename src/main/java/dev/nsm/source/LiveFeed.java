package dev.nsm.source;

import dev.nsm.event.Fact;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Several live sources (an interface and followed logs) feeding one session. Each source runs on
 * its own thread into one bounded queue; the caller's thread drains it in arrival order, so the
 * session is still fed, advanced and fired by one thread. Live inputs cannot be merged by event
 * time (a quiet log would hold back the capture forever): a log line that arrives after newer
 * packets is inserted and counted as late.
 */
public final class LiveFeed implements LiveSource {

  private static final int QUEUE_CAPACITY = 65_536;
  private static final Object END = new Object();

  private record Malformed(String input, long line, String reason) {}

  private record Advance(long micros) {}

  private record Failure(IOException error) {}

  private final List<LiveSource> sources;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);

  public LiveFeed(List<LiveSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a live feed needs at least one source");
    }
    this.sources = List.copyOf(sources);
  }

  @Override
  public String name() {
    return String.join(", ", sources.stream().map(FactSource::name).toList());
  }

  @Override
  public void readInto(FactSink sink) throws IOException {
    for (LiveSource source : sources) {
      Thread thread = new Thread(() -> run(source), "nsm-live-" + source.name());
      thread.setDaemon(true);
      thread.start();
    }
    IOException failure = null;
    int ended = 0;
    try {
      while (ended < sources.size()) {
        Object item = queue.poll(100, TimeUnit.MILLISECONDS);
        if (item == null) {
          continue;
        }
        if (item == END) {
          ended++;
        } else if (item instanceof Fact fact) {
          sink.accept(fact);
        } else if (item instanceof Advance advance) {
          sink.advanceTo(advance.micros());
        } else if (item instanceof Malformed m) {
          sink.malformed(m.input(), m.line(), m.reason());
        } else if (item instanceof Failure f) {
          // One failed source ends the feed: a monitor silently missing an input is worse.
          failure = failure == null ? f.error() : failure;
          stop();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void run(LiveSource source) {
    try {
      source.readInto(
          new FactSink() {
            @Override
            public void accept(Fact fact) {
              put(fact);
            }

            @Override
            public void malformed(String input, long line, String reason) {
              put(new Malformed(input, line, reason));
            }

            @Override
            public void advanceTo(long micros) {
              put(new Advance(micros));
            }
          });
    } catch (IOException e) {
      put(new Failure(e));
    } catch (RuntimeException e) {
      put(new Failure(new IOException(source.name() + ": " + e, e)));
    } finally {
      put(END);
    }
  }

  private void put(Object item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void stop() {
    sources.forEach(LiveSource::stop);
  }
}
