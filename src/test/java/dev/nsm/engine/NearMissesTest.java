package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearMissesTest {

  private static final Duration SECOND = Duration.ofSeconds(1);

  private static void reach(NearMisses table, String source, long count, long micros) {
    table.reached("high-frequency", source, count, 6, SECOND, micros, Origin.call(micros));
  }

  @Test
  void keepsOnlyThePeakAndTheFirstOfEqualPeaks() {
    NearMisses table = new NearMisses(10);
    reach(table, "a", 2, 1_000);
    reach(table, "a", 5, 2_000);
    reach(table, "a", 3, 3_000);
    reach(table, "a", 5, 4_000);

    NearMiss miss = table.of("high-frequency", "a");
    assertEquals(5, miss.count());
    assertEquals(2_000, miss.peakMicros());
    assertEquals("1s", miss.window());
    assertEquals(1, table.size());
  }

  @Test
  void ofEqualCountsInOneMillisecondTheLatestTriggerCompletedTheCount() {
    NearMisses table = new NearMisses(10);
    reach(table, "a", 4, 1_000_100);
    reach(table, "a", 4, 1_000_900); // same tick: this one brought the count to 4
    reach(table, "a", 4, 1_000_500);
    reach(table, "a", 4, 2_000_000); // a later tick that only equals the peak

    assertEquals(1_000_900, table.of("high-frequency", "a").peakMicros());
  }

  @Test
  void ignoresCountsAtTheThresholdAndCountsOfZero() {
    NearMisses table = new NearMisses(10);
    reach(table, "a", 6, 1);
    reach(table, "b", 0, 1);

    assertNull(table.of("high-frequency", "a"));
    assertNull(table.of("high-frequency", "b"));
    assertEquals(0, table.size(), "nothing worth remembering");
  }

  @Test
  void aPairThatAlertedIsNoNearMissEvenIfItCountsLowAgain() {
    NearMisses table = new NearMisses(10);
    reach(table, "a", 5, 1);
    table.alerted("high-frequency", "a");
    reach(table, "a", 4, 2);

    assertNull(table.of("high-frequency", "a"));
    assertTrue(table.all().isEmpty());
  }

  @Test
  void whenFullDropsTheWeakerHalfAndCountsIt() {
    NearMisses table = new NearMisses(8);
    for (int i = 0; i < 8; i++) {
      reach(table, "s" + i, 1 + i % 4, i); // ratios 1/6 .. 4/6, twice each
    }
    table.alerted("port-scan", "s0"); // the ninth pair: the table is full

    assertEquals(4, table.evicted());
    assertEquals(5, table.size());
    List<String> kept = table.all().stream().map(NearMiss::source).toList();
    assertEquals(List.of("s3", "s7", "s2", "s6"), kept, "strongest first, then earliest peak");
    assertNull(table.of("port-scan", "s0"), "alerted, kept as such");
  }

  @Test
  void alertedPairsAreDroppedLastAndOfEqualsTheNewerGoesFirst() {
    NearMisses table = new NearMisses(4);
    table.alerted("port-scan", "x");
    reach(table, "a", 5, 1);
    reach(table, "b", 5, 2);
    reach(table, "c", 5, 3);
    reach(table, "d", 1, 4); // full: two of the three equal near misses go, the newer first

    assertEquals(2, table.evicted());
    assertNotNull(table.of("high-frequency", "a"));
    assertNull(table.of("high-frequency", "b"));
    assertNull(table.of("high-frequency", "c"));
    assertNotNull(table.of("high-frequency", "d"), "the new pair always gets in");
    reach(table, "x", 1, 5);
    table.reached("port-scan", "x", 3, 15, SECOND, 6, null);
    assertNull(table.of("port-scan", "x"), "its alert was not forgotten");
  }

  @Test
  void staysWithinItsCapacityHoweverManySourcesCome() {
    NearMisses table = new NearMisses(1_000);
    for (int i = 0; i < 100_000; i++) {
      reach(table, "10.0." + (i >> 8) + "." + (i & 255), 1 + i % 5, i);
      assertTrue(table.size() <= 1_000);
    }
    assertEquals(100_000 - table.size(), table.evicted());
    // The half kept at the last drop is the strongest; newer pairs came in after it.
    long strongest = table.all().stream().filter(m -> m.count() == 5).count();
    assertTrue(strongest >= 500, "the weakest went first: " + strongest);
  }

  @Test
  void selectingTheWeakerHalfFindsExactlyWhatSortingWould() {
    java.util.Random random = new java.util.Random(7);
    for (int round = 0; round < 200; round++) {
      int n = 1 + random.nextInt(300);
      NearMisses.Entry[] entries = new NearMisses.Entry[n];
      for (int i = 0; i < n; i++) {
        // Few distinct counts and thresholds, so ties on the ratio are common.
        NearMisses.Entry e = new NearMisses.Entry("r", "s" + i, i);
        e.alerted = random.nextInt(5) == 0;
        e.count = 1 + random.nextInt(4);
        e.threshold = 2 + random.nextInt(3);
        entries[i] = e;
      }
      java.util.Collections.shuffle(java.util.Arrays.asList(entries), random);
      int k = n / 2;
      NearMisses.Entry[] sorted = entries.clone();
      java.util.Arrays.sort(sorted, NearMisses::weakestFirst);
      NearMisses.selectWeakest(entries, k);
      assertEquals(
          java.util.Set.of(java.util.Arrays.copyOf(sorted, k)),
          java.util.Set.of(java.util.Arrays.copyOf(entries, k)),
          "n=" + n);
    }
  }
}
