package dev.nsm.source;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread allocates while a piece of code runs, from HotSpot's per-thread count: a
 * deterministic bound on memory, where heap sizes after a collection are not.
 */
final class Allocation {

  /** A block of code that may throw anything. */
  interface Work {
    void run() throws Exception;
  }

  private Allocation() {}

  /** Bytes allocated by {@code work} on this thread; an exception it throws counts as done. */
  static long bytesOf(Work work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    try {
      work.run();
    } catch (Exception expected) {
      // the caller checks what was thrown separately; here only the memory counts
    }
    return threads.getThreadAllocatedBytes(thread) - before;
  }
}
