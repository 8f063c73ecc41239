package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateAuthFilterTest {

  private static final long T0 = 1_795_597_200_000_000L;

  private final List<Fact> passed = new ArrayList<>();
  private final DuplicateAuthFilter filter =
      new DuplicateAuthFilter(
          new FactSink() {
            @Override
            public void accept(Fact fact) {
              passed.add(fact);
            }

            @Override
            public void malformed(String input, long line, String reason) {}
          });

  private void attempt(String input, long micros, String user) {
    filter.accept(
        AuthAttempt.of(
            micros,
            "198.51.100.23",
            "203.0.113.10",
            21,
            "ftp",
            user,
            AuthOutcome.FAILURE,
            Origin.frame(input, micros)));
  }

  @Test
  void theSameTrySeenInCaptureAndLogCountsOnce() {
    attempt("ftp.pcap", T0 + 350_000, "bob");
    attempt("vsftpd.log", T0, "bob");
    assertEquals(1, passed.size());
    assertEquals(1, filter.duplicates());
  }

  @Test
  void eachTryCancelsAtMostOneOtherSoRealTriesStayCounted() {
    for (int i = 0; i < 3; i++) {
      attempt("ftp.pcap", T0 + i * 100_000, "bob");
    }
    for (int i = 0; i < 3; i++) {
      attempt("vsftpd.log", T0, "bob");
    }
    assertEquals(3, passed.size());
  }

  @Test
  void triesFromOneInputAreNeverMergedWithEachOther() {
    attempt("auth.log", T0, "root");
    attempt("auth.log", T0, "root");
    assertEquals(2, passed.size());
  }

  @Test
  void differentUsersOrTimesBeyondTheToleranceAreDistinct() {
    attempt("ftp.pcap", T0, "bob");
    attempt("vsftpd.log", T0, "alice");
    attempt("vsftpd.log", T0 + 6_000_000, "bob");
    assertEquals(3, passed.size());
  }

  @Test
  void memoryIsBounded() {
    DuplicateAuthFilter small =
        new DuplicateAuthFilter(
            new FactSink() {
              @Override
              public void accept(Fact fact) {}

              @Override
              public void malformed(String input, long line, String reason) {}
            },
            DuplicateAuthFilter.DEFAULT_TOLERANCE_MICROS,
            10);
    for (int i = 0; i < 1000; i++) {
      small.accept(
          AuthAttempt.of(
              T0,
              "198.51.100." + (i % 250),
              null,
              22,
              "ssh",
              "u" + i,
              AuthOutcome.FAILURE,
              Origin.line("auth.log", i)));
    }
    assertEquals(0, small.duplicates());
    assertEquals(10, small.remembered());
  }
}
