package dev.nsm.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LiveCaptureTest {

  /** Runs the capture on a thread of its own, started. */
  private static Thread capturing(LiveCapture capture, LiveCapture.Handler handler) {
    Thread thread =
        new Thread(
            () -> {
              try {
                capture.run(handler);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }

  @Test
  void capturesTheSynsSentAcrossAVethPairWithTheirOwnTimestamps() throws Exception {
    try (TestNetwork net = TestNetwork.create();
        LiveCapture capture = LiveCapture.open(net.hostInterface, "tcp", 65535, false)) {
      AtomicInteger syns = new AtomicInteger();
      AtomicLong firstMicros = new AtomicLong();
      AtomicLong idleMicros = new AtomicLong();
      Thread capturing =
          capturing(
              capture,
              new LiveCapture.Handler() {
                @Override
                public void packet(int linkType, long micros, byte[] data, int length) {
                  // Ethernet, IPv4, TCP: flags at 14 + 20 + 13 with no IP options.
                  if (linkType == 1 && length > 47 && (data[47] & 0x12) == 0x02) {
                    syns.incrementAndGet();
                    firstMicros.compareAndSet(0, micros);
                  }
                }

                @Override
                public void idle(long micros) {
                  idleMicros.set(micros);
                }
              });
      Thread.sleep(300);
      long before = System.currentTimeMillis() * 1000;
      net.connectFromPeer(IntStream.rangeClosed(1, 20).boxed().toList());
      for (int i = 0; i < 50 && syns.get() < 20; i++) {
        Thread.sleep(100);
      }
      Thread.sleep(600); // let the capture report the link idle
      capture.stop();
      capturing.join(5000);
      assertEquals(20, syns.get());
      assertTrue(Math.abs(firstMicros.get() - before) < 5_000_000, "capture time, not zero");
      assertTrue(idleMicros.get() >= firstMicros.get(), "idle time moves on from the packets");
      assertTrue(capture.stats().received() >= 20);
    }
  }

  /**
   * A slow trickle keeps the ring looking empty between packets that still wait in an open kernel
   * block: no heartbeat may move event time past them, or they would arrive late and trigger no
   * rule.
   */
  @Test
  void heartbeatsBetweenPacketsNeverGetAheadOfPacketsStillInTheKernel() throws Exception {
    try (TestNetwork net = TestNetwork.create();
        LiveCapture capture = LiveCapture.open(net.hostInterface, "tcp", 65535, false)) {
      AtomicInteger packets = new AtomicInteger();
      AtomicInteger late = new AtomicInteger();
      AtomicInteger heartbeats = new AtomicInteger();
      AtomicLong clock = new AtomicLong(Long.MIN_VALUE);
      Thread capturing =
          capturing(
              capture,
              new LiveCapture.Handler() {
                @Override
                public void packet(int linkType, long micros, byte[] data, int length) {
                  packets.incrementAndGet();
                  if (micros < clock.get()) {
                    late.incrementAndGet();
                  }
                  clock.accumulateAndGet(micros, Math::max);
                }

                @Override
                public void idle(long micros) {
                  heartbeats.incrementAndGet();
                  clock.accumulateAndGet(micros, Math::max);
                }
              });
      Thread.sleep(300);
      net.connectFromPeer(IntStream.rangeClosed(1, 40).boxed().toList(), 30);
      Thread.sleep(600);
      capture.stop();
      capturing.join(5000);
      assertTrue(packets.get() >= 80, "a SYN and a RST per connection: " + packets.get());
      assertTrue(heartbeats.get() > 10, "the link looked idle between packets: " + heartbeats);
      assertEquals(0, late.get(), "packets older than a heartbeat before them");
    }
  }

  @Test
  void aScanSentAcrossTheVethPairRaisesPortScanAndHighFrequencyForTheScanner(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    List<dev.nsm.event.Alert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (TestNetwork net = TestNetwork.create();
        LiveCapture capture = LiveCapture.open(net.hostInterface, "tcp", 65535, false);
        dev.nsm.NetworkSecurityMonitor monitor =
            dev.nsm.NetworkSecurityMonitor.builder()
                .log(dir.resolve("security_monitor.log"))
                .alerts(dir.resolve("alerts.jsonl"))
                .onAlert(alerts::add)
                .build()) {
      LiveCaptureSource source = new LiveCaptureSource(capture, stats -> {}, 60_000_000L);
      Thread capturing =
          new Thread(
              () -> {
                try {
                  source.readInto(monitor);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      capturing.start();
      Thread.sleep(300);
      net.connectFromPeer(IntStream.rangeClosed(1, 20).boxed().toList());
      // The idle heartbeat fires the rules for the last packets; wait for the scan's alert.
      for (int i = 0;
          i < 100
              && (source.flowStats() == null
                  || source.flowStats().rejected() < 20
                  || alerts.stream().noneMatch(a -> a.ruleId().equals("port-scan")));
          i++) {
        Thread.sleep(100);
      }
      source.stop();
      capturing.join(5000);
      assertEquals(20, source.flowStats().attempts());
      assertEquals(20, source.flowStats().rejected(), "closed ports answer with RST");
      assertTrue(source.kernelStats().received() >= 40, "SYNs and RSTs, counted by the kernel");
    }
    List<String> raised = alerts.stream().map(a -> a.ruleId() + " " + a.srcIp()).toList();
    assertTrue(raised.contains("port-scan " + TestNetwork.PEER_ADDRESS), raised.toString());
    assertTrue(raised.contains("high-frequency " + TestNetwork.PEER_ADDRESS), raised.toString());
  }

  @Test
  void aMissingInterfaceIsAOneLineError() {
    LiveCaptureException e =
        assertThrows(
            LiveCaptureException.class, () -> LiveCapture.open("nsm-none0", null, 65535, false));
    assertEquals("no such interface 'nsm-none0' (see `ip link`)", e.getMessage());
  }

  @Test
  void aBadFilterIsRejectedWithTheFilterNamed() throws Exception {
    try (TestNetwork net = TestNetwork.create()) {
      LiveCaptureException e =
          assertThrows(
              LiveCaptureException.class,
              () -> LiveCapture.open(net.hostInterface, "tcp port banana", 65535, false));
      assertTrue(e.getMessage().startsWith("bad capture filter 'tcp port banana'"), e.getMessage());
    }
  }
}
