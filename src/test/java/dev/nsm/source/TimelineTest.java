package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nsm.event.Fact;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private static FactSource events(String name, String... seconds) {
    StringBuilder text = new StringBuilder();
    for (String s : seconds) {
      text.append(
          s.equals("bad")
              ? "{not json}\n"
              : "{\"type\": \"connection\", \"time\": \"2026-11-25T09:00:"
                  + s
                  + "Z\", \"src_ip\": \"192.0.2.1\", \"dst_port\": 80}\n");
    }
    return EventsFileSource.of(name, new StringReader(text.toString()));
  }

  private static List<String> replay(FactSource timeline) throws IOException {
    List<String> seen = new ArrayList<>();
    timeline.readInto(
        new FactSink() {
          @Override
          public void accept(Fact fact) {
            String origin = fact.toString().replaceAll(".*origin=([a-z]+) line (\\d+).*", "$1:$2");
            seen.add(origin);
          }

          @Override
          public void malformed(String input, long line, String reason) {
            seen.add("malformed " + input + ":" + line);
          }
        });
    return seen;
  }

  @Test
  void mergesSourcesByEventTimeWithTiesToTheSourceNamedFirst() throws Exception {
    Timeline timeline =
        new Timeline(List.of(events("a", "01", "03", "05"), events("b", "02", "03", "04")));
    assertEquals(List.of("a:1", "b:1", "a:2", "b:2", "b:3", "a:3"), replay(timeline));
  }

  @Test
  void theSameInputsGiveTheSameOrderEveryTime() throws Exception {
    List<String> first = replay(new Timeline(List.of(events("a", "01", "02"), events("b", "01"))));
    for (int i = 0; i < 20; i++) {
      assertEquals(
          first, replay(new Timeline(List.of(events("a", "01", "02"), events("b", "01")))));
    }
  }

  @Test
  void rejectedLinesAreReportedAndTheMergeGoesOn() throws Exception {
    List<String> seen =
        replay(new Timeline(List.of(events("a", "01", "bad", "03"), events("b", "02"))));
    assertTrue(seen.contains("malformed a:2"), seen.toString());
    assertEquals(
        List.of("a:1", "b:1", "a:3"), seen.stream().filter(s -> !s.startsWith("m")).toList());
  }

  @Test
  void aFailingSourceDropsOutAndTheOthersAreReadToTheEndBeforeTheFailureIsReported() {
    FactSource broken =
        new FactSource() {
          @Override
          public String name() {
            return "broken.pcap";
          }

          @Override
          public void readInto(FactSink sink) throws IOException {
            throw new IOException("broken.pcap: frame 1: not a capture");
          }
        };
    List<String> delivered = new ArrayList<>();
    FactSource timeline = new Timeline(List.of(broken, events("a", "01", "02")));
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                timeline.readInto(
                    new FactSink() {
                      @Override
                      public void accept(Fact fact) {
                        delivered.add(fact.toString());
                      }

                      @Override
                      public void malformed(String input, long line, String reason) {}
                    }));
    assertTrue(e.getMessage().contains("broken.pcap"));
    assertEquals(2, delivered.size());
  }
}
