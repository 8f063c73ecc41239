package dev.nsm.source;

import dev.nsm.event.Fact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Several sources merged into one timeline by event time, so a rule can join traffic and log
 * evidence of the same incident. Each source is read on its own thread into a bounded queue; the
 * caller's thread takes the earliest head each time and feeds the sink, so the session is still fed
 * by one thread. Ties go to the source named first: the same inputs give the same order.
 *
 * <p>A source that fails drops out of the merge where it failed; the other sources are read to
 * their end, so one broken file hides nothing the others hold, and the first failure is then
 * rethrown naming its input.
 */
public final class Timeline implements FactSource {

  private static final int QUEUE_CAPACITY = 4096;

  private final List<FactSource> sources;

  public Timeline(List<FactSource> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a timeline needs at least one source");
    }
    this.sources = List.copyOf(sources);
  }

  @Override
  public String name() {
    return String.join(", ", sources.stream().map(FactSource::name).toList());
  }

  @Override
  public void readInto(FactSink sink) throws IOException {
    if (sources.size() == 1) {
      sources.get(0).readInto(sink);
      return;
    }
    List<Lane> lanes = new ArrayList<>();
    for (FactSource source : sources) {
      lanes.add(Lane.start(source));
    }
    try {
      merge(lanes, sink);
    } finally {
      lanes.forEach(Lane::stop);
    }
  }

  private static void merge(List<Lane> lanes, FactSink sink) throws IOException {
    IOException firstFailure = null;
    while (true) {
      Lane earliest = null;
      boolean reported = false;
      for (Lane lane : lanes) {
        Item head = lane.head();
        if (head.failure != null) {
          firstFailure = firstFailure == null ? head.failure : firstFailure;
          lane.end();
          continue;
        }
        if (head.isEnd()) {
          continue;
        }
        if (head.malformedReason != null) {
          // A rejected line has no event time: report it as soon as it reaches the head.
          sink.malformed(head.input, head.line, head.malformedReason);
          lane.take();
          reported = true;
          break;
        }
        if (earliest == null || head.fact.micros() < earliest.head().fact.micros()) {
          earliest = lane;
        }
      }
      if (reported) {
        continue;
      }
      if (earliest == null) {
        if (firstFailure != null) {
          throw firstFailure;
        }
        return;
      }
      sink.accept(earliest.head().fact);
      earliest.take();
    }
  }

  /** One element of a lane: a fact, a rejected line, a failure, or the end. */
  private static final class Item {
    static final Item END = new Item(null, null, 0, null, null);
    final Fact fact;
    final String input;
    final long line;
    final String malformedReason;
    final IOException failure;

    Item(Fact fact, String input, long line, String malformedReason, IOException failure) {
      this.fact = fact;
      this.input = input;
      this.line = line;
      this.malformedReason = malformedReason;
      this.failure = failure;
    }

    boolean isEnd() {
      return this == END;
    }
  }

  /** One source read on its own thread into a bounded queue. */
  private static final class Lane implements FactSink {
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private Thread thread;
    private Item head;

    static Lane start(FactSource source) {
      Lane lane = new Lane();
      lane.thread =
          new Thread(
              () -> {
                try {
                  source.readInto(lane);
                  lane.put(Item.END);
                } catch (IOException e) {
                  lane.put(new Item(null, null, 0, null, e));
                } catch (UncheckedIOException e) {
                  lane.put(new Item(null, null, 0, null, e.getCause()));
                } catch (RuntimeException e) {
                  lane.put(
                      new Item(null, null, 0, null, new IOException(source.name() + ": " + e, e)));
                }
              },
              "nsm-read-" + source.name());
      lane.thread.setDaemon(true);
      lane.thread.start();
      return lane;
    }

    @Override
    public void accept(Fact fact) {
      put(new Item(fact, null, 0, null, null));
    }

    @Override
    public void malformed(String input, long line, String reason) {
      put(new Item(null, input, line, reason, null));
    }

    private void put(Item item) {
      try {
        queue.put(item);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("reading stopped", e);
      }
    }

    Item head() throws IOException {
      if (head == null) {
        try {
          head = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while merging inputs", e);
        }
      }
      return head;
    }

    /** Treats the lane as finished (after its source failed). */
    void end() {
      head = Item.END;
    }

    void take() {
      if (head != null && !head.isEnd() && head.failure == null) {
        head = null;
      }
    }

    void stop() {
      thread.interrupt();
    }
  }
}
