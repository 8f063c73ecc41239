package dev.nsm.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.NearMiss;
import dev.nsm.event.Origin;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
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

    assertNotNull(table.of("high-frequency", "a"));
    assertNull(table.of("high-frequency", "b"));
    assertNull(table.of("high-frequency", "c"));
    assertNull(table.of("high-frequency", "d"), "below the 5/6 the drop let go");
    assertEquals(3, table.evicted());
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

  /** Capacity 4 holding counts 1..4 of 6, then a fifth pair: 1/6 and 2/6 go, the floor is 2/6. */
  private static NearMisses afterOneDrop() {
    NearMisses table = new NearMisses(4);
    for (int i = 1; i <= 5; i++) {
      reach(table, "s" + i, i, i);
    }
    assertEquals(2, table.evicted());
    assertEquals(3, table.size());
    return table;
  }

  @Test
  void afterADropANewPairAtOrBelowTheFloorIsRefusedAndCounted() {
    NearMisses table = afterOneDrop();
    reach(table, "new-at-floor", 2, 10);
    reach(table, "new-below", 1, 11);

    assertNull(table.of("high-frequency", "new-at-floor"), "ranks below the dropped 2/6");
    assertNull(table.of("high-frequency", "new-below"));
    assertEquals(4, table.evicted());
    assertEquals(3, table.size(), "no entry, though there is room");
    reach(table, "new-above", 3, 12);
    assertEquals(3, table.of("high-frequency", "new-above").count());
    assertEquals(4, table.evicted());
  }

  @Test
  void aRefusedPairGetsInWhenItsCountRisesAboveTheFloor() {
    NearMisses table = afterOneDrop();
    reach(table, "late", 2, 10);
    reach(table, "late", 3, 2_000);

    NearMiss miss = table.of("high-frequency", "late");
    assertEquals(3, miss.count());
    assertEquals(2_000, miss.peakMicros());
    assertEquals(3, table.evicted(), "the two dropped and the refusal");
  }

  @Test
  void alertedPairsAreRecordedWhateverTheFloor() {
    NearMisses table = new NearMisses(2);
    table.alerted("high-frequency", "x");
    table.alerted("high-frequency", "y");
    table.alerted("high-frequency", "z"); // full: y, the newer alerted pair, goes
    reach(table, "w", 5, 1);

    assertNull(table.of("high-frequency", "w"), "a dropped alert ranks above every near miss");
    assertEquals(2, table.evicted());
    table.alerted("high-frequency", "w");
    table.alerted("port-scan", "v");
    reach(table, "w", 5, 2);
    table.reached("port-scan", "v", 3, 15, SECOND, 3, null);
    assertNull(table.of("high-frequency", "w"), "its alert was recorded");
    assertNull(table.of("port-scan", "v"), "its alert was recorded");
    assertEquals(2, table.size());
  }

  @Test
  void manyNewWeakSourcesLeaveTheStrongestPairsHeld() {
    NearMisses table = new NearMisses(100);
    List<NearMisses.Entry> every = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 20_000; i++) {
      // Mostly weak pairs; a strong one now and then, among the first and the last.
      int count = random.nextInt(50) == 0 ? 5 : 1 + random.nextInt(4);
      String source = "s" + i;
      reach(table, source, count, i);
      NearMisses.Entry entry = new NearMisses.Entry("high-frequency", source, i);
      entry.count = count;
      entry.threshold = 6;
      every.add(entry);
    }
    every.sort((a, b) -> NearMisses.weakestFirst(b, a));

    java.util.Set<String> strongest =
        every.stream().limit(table.size()).map(e -> e.source).collect(Collectors.toSet());
    java.util.Set<String> held =
        table.all().stream().map(NearMiss::source).collect(Collectors.toSet());
    assertEquals(strongest, held, "everything held outranks everything let go");
    assertTrue(table.size() >= 50);
    assertEquals(20_000 - table.size(), table.evicted());
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
