package dev.nsm.bench.capture;

import java.util.SplittableRandom;

/**
 * Scripts one flow as the sensor next to the servers would see it: a client packet is seen as it
 * arrives, the server's answer a few hundred microseconds later, and the client's reaction to the
 * server one round-trip time after the server sent. Sequence and acknowledgement numbers are kept
 * exactly, so stream reassembly (nsm's cleartext decoders) reads the payloads as sent.
 */
final class Conversation {

  private static final int MSS = 1460;
  private static final int MSS_V6 = 1440;

  private final Flow flow;
  private final Schedule schedule;
  private final SplittableRandom random;
  private final boolean attack;
  private final int rtt;
  private final int mss;

  /** When the last packet of the conversation was seen: the next step starts after it. */
  private long now;

  private int clientNext;
  private int serverNext;
  private int packets;

  Conversation(
      Flow flow,
      Schedule schedule,
      SplittableRandom random,
      long startMicros,
      int rttMicros,
      boolean attack) {
    this.flow = flow;
    this.schedule = schedule;
    this.random = random;
    this.attack = attack;
    this.rtt = Math.max(rttMicros, 50);
    this.mss = flow.client.v6 ? MSS_V6 : MSS;
    this.now = startMicros;
    this.clientNext = random.nextInt();
    this.serverNext = random.nextInt();
  }

  int packets() {
    return packets;
  }

  long now() {
    return now;
  }

  /** Lets time pass (client thinking, server working) before the next step. */
  Conversation pause(long micros) {
    now += micros;
    return this;
  }

  /** SYN, SYN-ACK, ACK. */
  Conversation handshake() {
    syn();
    synAck();
    now += rtt;
    emit(true, Packet.ACK, clientNext, serverNext, 0, null);
    return this;
  }

  /** The client's SYN alone (a probe, a flood packet). */
  Conversation syn() {
    emit(true, Packet.SYN, clientNext, 0, 0, null);
    clientNext++;
    return this;
  }

  /** The server accepts. */
  Conversation synAck() {
    now += serverDelay();
    emit(false, Packet.SYN | Packet.ACK, serverNext, clientNext, 0, null);
    serverNext++;
    return this;
  }

  /** The server refuses: nothing listens on the port. */
  Conversation refuse() {
    now += serverDelay();
    emit(false, Packet.RST | Packet.ACK, 0, clientNext, 0, null);
    return this;
  }

  /** The client resets (a scanner after a SYN-ACK, an impatient browser). */
  Conversation clientReset() {
    now += rtt;
    emit(true, Packet.RST | Packet.ACK, clientNext, serverNext, 0, null);
    return this;
  }

  /** The client sends {@code length} bytes starting with {@code text}; the server acknowledges. */
  Conversation client(int length, byte[] text) {
    send(true, length, text);
    return this;
  }

  Conversation client(byte[] text) {
    return client(text.length, text);
  }

  /** The server sends {@code length} bytes starting with {@code text}; the client acknowledges. */
  Conversation server(int length, byte[] text) {
    now += serverDelay();
    send(false, length, text);
    return this;
  }

  Conversation server(byte[] text) {
    return server(text.length, text);
  }

  /** Orderly close started by the client: FIN, FIN, ACK. */
  Conversation close() {
    now += 20 + random.nextInt(200);
    emit(true, Packet.FIN | Packet.ACK, clientNext, serverNext, 0, null);
    clientNext++;
    now += serverDelay();
    emit(false, Packet.FIN | Packet.ACK, serverNext, clientNext, 0, null);
    serverNext++;
    now += rtt;
    emit(true, Packet.ACK, clientNext, serverNext, 0, null);
    return this;
  }

  /** One UDP datagram each way: a query and its answer after {@code answerDelay}. */
  Conversation datagramExchange(byte[] query, byte[] answer, int id, long answerDelay) {
    Packet q = emit(true, 0, 0, 0, query.length, query);
    q.dnsId = id;
    if (answer != null) {
      now += answerDelay;
      Packet a = emit(false, 0, 0, 0, answer.length, answer);
      a.dnsId = id;
    }
    return this;
  }

  private void send(boolean fromClient, int length, byte[] text) {
    int offset = 0;
    int segment = 0;
    long lastSent = now;
    while (offset < length) {
      int size = Math.min(mss, length - offset);
      byte[] segmentText = offset == 0 ? text : null;
      boolean last = offset + size == length;
      if (segment > 0) {
        now += 12 + random.nextInt(30); // back to back, at line rate
      }
      int flags = last ? Packet.PSH | Packet.ACK : Packet.ACK;
      if (fromClient) {
        emit(true, flags, clientNext, serverNext, size, segmentText);
        clientNext += size;
      } else {
        emit(false, flags, serverNext, clientNext, size, segmentText);
        serverNext += size;
      }
      lastSent = now;
      offset += size;
      segment++;
      // Delayed ACK: the receiver acknowledges every second segment and the last one.
      if (segment % 2 == 0 || last) {
        long ackAt = fromClient ? now + serverDelay() : now + rtt;
        Packet ack =
            fromClient
                ? packet(ackAt, false, Packet.ACK, serverNext, clientNext, 0, null)
                : packet(ackAt, true, Packet.ACK, clientNext, serverNext, 0, null);
        if (last) {
          now = ackAt;
        }
        schedule.add(ack);
        packets++;
      }
    }
    if (now < lastSent) {
      now = lastSent;
    }
  }

  private int serverDelay() {
    return 30 + random.nextInt(400);
  }

  private Packet emit(boolean fromClient, int flags, int seq, int ack, int length, byte[] text) {
    now += 1; // strictly increasing within a flow
    Packet p = packet(now, fromClient, flags, seq, ack, length, text);
    schedule.add(p);
    packets++;
    return p;
  }

  private Packet packet(
      long micros, boolean fromClient, int flags, int seq, int ack, int length, byte[] text) {
    Packet p = new Packet();
    p.micros = micros;
    p.flow = flow;
    p.fromClient = fromClient;
    p.flags = flags;
    p.seq = seq;
    p.ack = ack;
    p.length = length;
    p.text = text;
    p.attack = attack;
    return p;
  }
}
