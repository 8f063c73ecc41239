package dev.nsm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Connection;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import dev.nsm.source.FactSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void showsFactsShareOfTheCaptureEventTimeAndAlertsThenClearsItself() {
    List<Fact> passed = new ArrayList<>();
    StringWriter text = new StringWriter();
    ProgressLine progress =
        new ProgressLine(
            new FactSink() {
              @Override
              public void accept(Fact fact) {
                passed.add(fact);
              }

              @Override
              public void malformed(String input, long line, String reason) {}
            },
            new PrintWriter(text),
            () -> 500,
            1000,
            () -> 3,
            0);
    long micros = 1_795_597_200_000_000L; // 2026-11-25T09:00:00Z
    for (int i = 0; i < 1024; i++) {
      progress.accept(
          Connection.of(micros, "192.0.2.1", 1, null, 80, Transport.TCP, Origin.call(i)));
    }
    assertEquals(1024, passed.size(), "every fact is passed on");
    String shown = text.toString();
    assertTrue(shown.startsWith("\rnsm run: 1024 facts, 50% of the capture, "), shown);
    assertTrue(shown.contains(", at 2026-11-25 09:00:00, 3 alerts"), shown);
    progress.finish();
    assertTrue(text.toString().endsWith(" \r"), "the line is blanked for what follows");
  }
}
