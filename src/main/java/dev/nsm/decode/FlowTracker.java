package dev.nsm.decode;

import dev.nsm.event.Connection;
import dev.nsm.event.ConnectionOutcome;
import dev.nsm.event.ConnectionOutcome.Result;
import dev.nsm.event.Fact;
import dev.nsm.event.Origin;
import dev.nsm.event.Transport;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns packets into connection attempts and their outcomes. An attempt is a TCP SYN without ACK (a
 * retransmitted SYN counts once) or the first UDP packet of a flow after it was idle; ICMP is left
 * out. The outcome follows: accepted on the SYN-ACK (or any UDP reply), rejected on a RST from the
 * other side or an ICMP host/port unreachable quoting the attempt, unanswered when the answer
 * timeout passes in event time. A connection whose SYN was not captured is not an attempt.
 */
public final class FlowTracker implements PacketConsumer {

  private enum State {
    PENDING,
    ANSWERED,
    UNANSWERED,
    CLOSED,
    EXPECTED
  }

  private static final class Flow {
    final Connection attempt;
    final long synSeq;
    State state;
    long lastSeen;
    boolean evicted;

    Flow(Connection attempt, long synSeq, State state, long lastSeen) {
      this.attempt = attempt;
      this.synSeq = synSeq;
      this.state = state;
      this.lastSeen = lastSeen;
    }
  }

  private final Consumer<Fact> out;
  private final ExpectedConnections expected;
  private final FlowSettings settings;
  private final FlowStats stats = new FlowStats();
  private final FlowKey probe = new FlowKey();
  // Access order: the eldest entry is the least recently active flow, first to expire or evict.
  private final LinkedHashMap<FlowKey, Flow> flows = new LinkedHashMap<>(1024, 0.75f, true);
  // Attempts in the order they were made, so answer timeouts are found without a scan.
  private final ArrayDeque<Flow> awaitingAnswer = new ArrayDeque<>();
  private long now = Long.MIN_VALUE;

  public FlowTracker(Consumer<Fact> out, ExpectedConnections expected, FlowSettings settings) {
    this.out = out;
    this.expected = expected;
    this.settings = settings;
  }

  public FlowTracker(Consumer<Fact> out) {
    this(out, ExpectedConnections.NONE, FlowSettings.DEFAULTS);
  }

  public FlowStats stats() {
    return stats;
  }

  /** Flows currently held. */
  public int activeFlows() {
    return flows.size();
  }

  /** Attempts remembered until their answer or timeout; at most twice the table's cap. */
  int awaitingAnswer() {
    return awaitingAnswer.size();
  }

  @Override
  public void onPacket(PacketView v) {
    advanceTo(v.micros);
    if (v.ipVersion == 0 || v.laterFragment) {
      return;
    }
    switch (v.protocol) {
      case PacketView.TCP -> tcp(v);
      case PacketView.UDP -> udp(v);
      case PacketView.ICMP, PacketView.ICMPV6 -> icmp(v);
      default -> {}
    }
  }

  private void tcp(PacketView v) {
    boolean synOnly = v.hasFlags(PacketView.SYN) && !v.hasFlags(PacketView.ACK);
    if (synOnly) {
      Flow flow = flows.get(probe.set(v, false));
      if (flow != null && flow.state != State.CLOSED) {
        flow.lastSeen = v.micros;
        if (flow.attempt != null) {
          stats.retransmittedSyns++;
        }
        return;
      }
      startFlow(v, Transport.TCP);
      return;
    }
    Flow answered = flows.get(probe.set(v, true));
    if (answered != null) {
      answered.lastSeen = v.micros;
      if (v.hasFlags(PacketView.RST)) {
        resolve(answered, v, Result.REJECTED);
        answered.state = State.CLOSED;
      } else if (v.hasFlags(PacketView.SYN | PacketView.ACK)) {
        resolve(answered, v, Result.ACCEPTED);
      } else if (v.hasFlags(PacketView.FIN)) {
        // Only an accepted connection is closed: the SYN-ACK was not captured, yet the attempt
        // was answered, and it must still have its one outcome.
        resolve(answered, v, Result.ACCEPTED);
        answered.state = State.CLOSED;
      }
      return;
    }
    Flow own = flows.get(probe.set(v, false));
    if (own != null) {
      own.lastSeen = v.micros;
      if (v.hasFlags(PacketView.RST) || v.hasFlags(PacketView.FIN)) {
        // The initiator giving up does not answer its own attempt: a pending one stays pending
        // so the server's RST or silence still decides its outcome.
        own.state = own.state == State.PENDING ? State.PENDING : State.CLOSED;
      }
    }
  }

  private void udp(PacketView v) {
    Flow own = flows.get(probe.set(v, false));
    if (own != null) {
      own.lastSeen = v.micros;
      return;
    }
    Flow answered = flows.get(probe.set(v, true));
    if (answered != null) {
      answered.lastSeen = v.micros;
      resolve(answered, v, Result.ACCEPTED);
      return;
    }
    startFlow(v, Transport.UDP);
  }

  private void icmp(PacketView v) {
    if (!isHostOrPortUnreachable(v)
        || (v.quotedProtocol != PacketView.TCP && v.quotedProtocol != PacketView.UDP)) {
      return;
    }
    Flow flow = flows.get(probe.setQuoted(v));
    if (flow != null) {
      resolve(flow, v, Result.REJECTED);
    }
  }

  private static boolean isHostOrPortUnreachable(PacketView v) {
    return v.protocol == PacketView.ICMP
        ? v.icmpType == 3 && (v.icmpCode == 1 || v.icmpCode == 3)
        : v.icmpType == 1 && (v.icmpCode == 3 || v.icmpCode == 4);
  }

  private void startFlow(PacketView v, Transport transport) {
    FlowKey key = probe.set(v, false).copy();
    Flow flow;
    if (expected.claim(v)) {
      stats.expectedConnections++;
      flow = new Flow(null, v.seq, State.EXPECTED, v.micros);
    } else {
      Connection attempt =
          Connection.of(
              v.micros,
              v.srcIp(),
              v.srcPort,
              v.dstIp(),
              v.dstPort,
              transport,
              Origin.frame(v.input, v.frame));
      flow = new Flow(attempt, v.seq, State.PENDING, v.micros);
      stats.attempts++;
      out.accept(attempt);
      awaitingAnswer.add(flow);
      forgetSettledAttempts();
    }
    Flow replaced = flows.put(key, flow);
    if (replaced != null) {
      replaced.evicted = true;
    }
    if (flows.size() > settings.maxFlows()) {
      evictEldest();
    }
  }

  /**
   * Attempts evicted from the table or already answered wait in the timeout queue for nothing, and
   * hold their facts: without them the queue is bounded by the table's cap, not by how fast
   * attempts come. The eldest usually go first, so they are dropped from the front as they settle;
   * should others pile up behind a pending one, the queue is swept when it reaches twice the cap.
   */
  private void forgetSettledAttempts() {
    while (!awaitingAnswer.isEmpty() && isSettled(awaitingAnswer.peekFirst())) {
      awaitingAnswer.pollFirst();
    }
    if (awaitingAnswer.size() > 2 * settings.maxFlows()) {
      awaitingAnswer.removeIf(FlowTracker::isSettled);
    }
  }

  private static boolean isSettled(Flow flow) {
    return flow.evicted || flow.state != State.PENDING;
  }

  private void evictEldest() {
    Iterator<Flow> eldest = flows.values().iterator();
    Flow victim = eldest.next();
    eldest.remove();
    victim.evicted = true;
    stats.evictions++;
    if (victim.state == State.PENDING) {
      stats.evictedBeforeAnswer++;
    }
  }

  private void resolve(Flow flow, PacketView v, Result result) {
    if (flow.state != State.PENDING || flow.evicted) {
      return;
    }
    flow.state = result == Result.REJECTED ? State.CLOSED : State.ANSWERED;
    count(result);
    out.accept(
        ConnectionOutcome.of(flow.attempt, v.micros, result, Origin.frame(v.input, v.frame)));
  }

  private void count(Result result) {
    switch (result) {
      case ACCEPTED -> stats.accepted++;
      case REJECTED -> stats.rejected++;
      case UNANSWERED -> stats.unanswered++;
    }
  }

  /**
   * Moves event time forward: attempts whose answer timeout has passed become unanswered, idle
   * flows are forgotten. Time never moves back; an older timestamp is ignored.
   */
  @Override
  public void advanceTo(long micros) {
    if (micros <= now) {
      return;
    }
    now = micros;
    while (!awaitingAnswer.isEmpty()
        && awaitingAnswer.peekFirst().attempt.micros() + settings.answerTimeoutMicros() <= now) {
      timeOut(awaitingAnswer.pollFirst());
    }
    Iterator<Map.Entry<FlowKey, Flow>> oldest = flows.entrySet().iterator();
    while (oldest.hasNext()) {
      Flow flow = oldest.next().getValue();
      if (flow.lastSeen + settings.idleMicros() > now) {
        break;
      }
      oldest.remove();
    }
  }

  private void timeOut(Flow flow) {
    if (flow.state != State.PENDING || flow.evicted) {
      return;
    }
    flow.state = State.UNANSWERED;
    stats.unanswered++;
    // The outcome is known when the timeout expires; the origin is the attempt's frame.
    long at = flow.attempt.micros() + settings.answerTimeoutMicros();
    out.accept(ConnectionOutcome.of(flow.attempt, at, Result.UNANSWERED, flow.attempt.origin()));
  }

  /** End of input: every attempt still waiting is unanswered, at its timeout. */
  @Override
  public void finish() {
    while (!awaitingAnswer.isEmpty()) {
      timeOut(awaitingAnswer.pollFirst());
    }
  }
}
