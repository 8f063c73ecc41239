package dev.nsm.decode;

import dev.nsm.event.AuthAttempt;
import dev.nsm.event.AuthOutcome;
import dev.nsm.event.Fact;
import dev.nsm.event.IpAddress;
import dev.nsm.event.Origin;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Authentication outcomes read from cleartext protocols (FTP, HTTP Basic, SMTP AUTH, POP3, IMAP,
 * Telnet), one {@link AuthAttempt} per server verdict, attributed to the client and timed by the
 * server's reply. Each TCP stream on a configured port is reassembled just enough to read its
 * lines; state is bounded per stream and in the number of streams. FTP data connections announced
 * on a control channel are remembered so the flow tracker can {@link #claim} them.
 */
public final class CleartextAuthDecoder implements PacketConsumer, ExpectedConnections {

  private final Consumer<Fact> facts;
  private final Map<Integer, CleartextService> services;
  private final CleartextLimits limits;

  /** Access-ordered: the first stream is the least recently active. */
  private final LinkedHashMap<StreamKey, Stream> streams = new LinkedHashMap<>(64, 0.75f, true);

  /** Insertion-ordered, so the first expectation is the oldest. */
  private final LinkedHashMap<StreamKey, Long> expected = new LinkedHashMap<>();

  private final Map<String, Long> attemptCounts = new TreeMap<>();
  private long streamsEvicted;
  private long expectationsEvicted;
  private long droppedBytesOfClosedStreams;

  /** The packet being handled, for attributing what its bytes complete. */
  private PacketView current;

  public CleartextAuthDecoder(Consumer<Fact> facts) {
    this(facts, CleartextService.WELL_KNOWN_PORTS, CleartextLimits.DEFAULTS);
  }

  public CleartextAuthDecoder(
      Consumer<Fact> facts, Map<Integer, CleartextService> services, CleartextLimits limits) {
    this.facts = facts;
    this.services = Map.copyOf(services);
    this.limits = limits;
  }

  @Override
  public void onPacket(PacketView packet) {
    if (!packet.isTcp()) {
      return;
    }
    CleartextService service = services.get(packet.dstPort);
    boolean fromClient = service != null;
    if (service == null) {
      service = services.get(packet.srcPort);
      if (service == null) {
        return;
      }
    }
    StreamKey key = StreamKey.of(packet, fromClient);
    Stream stream = streams.get(key);
    boolean opening = packet.hasFlags(PacketView.SYN) && !packet.hasFlags(PacketView.ACK);
    if (stream == null || (opening && stream.sawData())) {
      if (stream != null) {
        close(key, stream);
      }
      if (packet.hasFlags(PacketView.RST)) {
        return;
      }
      stream = open(key, service);
    }
    stream.lastMicros = packet.micros;
    current = packet;
    try {
      stream.onSegment(packet, fromClient);
    } finally {
      current = null;
    }
    if (stream.isClosed()) {
      close(key, stream);
    }
  }

  @Override
  public void advanceTo(long micros) {
    Iterator<Map.Entry<StreamKey, Stream>> it = streams.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<StreamKey, Stream> entry = it.next();
      if (micros - entry.getValue().lastMicros < limits.idleTimeoutMicros()) {
        break; // access order: every later stream was active more recently
      }
      droppedBytesOfClosedStreams += entry.getValue().droppedBytes();
      it.remove();
    }
    Iterator<Long> expiries = expected.values().iterator();
    while (expiries.hasNext() && expiries.next() <= micros) {
      expiries.remove();
    }
  }

  @Override
  public void finish() {
    for (Stream stream : streams.values()) {
      droppedBytesOfClosedStreams += stream.droppedBytes();
    }
    streams.clear();
  }

  @Override
  public boolean claim(PacketView syn) {
    if (expected.isEmpty() || !syn.isTcp()) {
      return false;
    }
    Long expiry = expected.remove(StreamKey.of(syn, true).withoutClientPort());
    return expiry != null && expiry > syn.micros;
  }

  /** Attempts seen, by "service outcome" (e.g. "ftp failure"), sorted. */
  public Map<String, Long> attemptCounts() {
    return Map.copyOf(attemptCounts);
  }

  public long attempts(CleartextService service, AuthOutcome outcome) {
    return attemptCounts.getOrDefault(service.label() + " " + outcome.label(), 0L);
  }

  /** Streams forgotten to make room for newer ones. */
  public long streamsEvicted() {
    return streamsEvicted;
  }

  /** Announced data connections forgotten to make room for newer ones. */
  public long expectationsEvicted() {
    return expectationsEvicted;
  }

  /** Stream bytes not read because a bound was reached (out-of-order overflow, long lines). */
  public long bytesDropped() {
    long dropped = droppedBytesOfClosedStreams;
    for (Stream stream : streams.values()) {
      dropped += stream.droppedBytes();
    }
    return dropped;
  }

  public int activeStreams() {
    return streams.size();
  }

  public int pendingExpectations() {
    return expected.size();
  }

  private Stream open(StreamKey key, CleartextService service) {
    if (streams.size() >= limits.maxStreams()) {
      Iterator<Map.Entry<StreamKey, Stream>> oldest = streams.entrySet().iterator();
      droppedBytesOfClosedStreams += oldest.next().getValue().droppedBytes();
      oldest.remove();
      streamsEvicted++;
    }
    Stream stream = new Stream(key, service);
    streams.put(key, stream);
    return stream;
  }

  private void close(StreamKey key, Stream stream) {
    droppedBytesOfClosedStreams += stream.droppedBytes();
    streams.remove(key);
  }

  /** Client and server of a stream: address bytes and ports. */
  private record StreamKey(byte[] client, int clientPort, byte[] server, int serverPort) {

    static StreamKey of(PacketView packet, boolean fromClient) {
      int length = packet.ipVersion == 6 ? 16 : 4;
      byte[] src =
          Arrays.copyOfRange(
              packet.data, packet.srcAddressOffset, packet.srcAddressOffset + length);
      byte[] dst =
          Arrays.copyOfRange(
              packet.data, packet.dstAddressOffset, packet.dstAddressOffset + length);
      return fromClient
          ? new StreamKey(src, packet.srcPort, dst, packet.dstPort)
          : new StreamKey(dst, packet.dstPort, src, packet.srcPort);
    }

    StreamKey withoutClientPort() {
      return new StreamKey(client, 0, server, serverPort);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof StreamKey k
          && clientPort == k.clientPort
          && serverPort == k.serverPort
          && Arrays.equals(client, k.client)
          && Arrays.equals(server, k.server);
    }

    @Override
    public int hashCode() {
      return (Arrays.hashCode(client) * 31 + Arrays.hashCode(server)) * 31
          + clientPort * 65537
          + serverPort;
    }
  }

  /** One tracked TCP stream: both directions' reassembly and the protocol parser. */
  private final class Stream implements AuthExchange {
    private final StreamKey key;
    private final CleartextService service;
    private final ProtocolParser parser;
    private final InOrderBytes fromClient;
    private final InOrderBytes fromServer;
    private final InOrderBytes.Sink clientSink;
    private final InOrderBytes.Sink serverSink;
    private boolean clientFin;
    private boolean serverFin;
    private boolean reset;
    private boolean sawData;
    long lastMicros;

    Stream(StreamKey key, CleartextService service) {
      this.key = key;
      this.service = service;
      this.parser = service.newParser(this, limits.maxLineBytes());
      this.fromClient = new InOrderBytes(limits.maxAheadBytes(), limits.maxAheadSegments());
      this.fromServer = new InOrderBytes(limits.maxAheadBytes(), limits.maxAheadSegments());
      this.clientSink =
          new InOrderBytes.Sink() {
            @Override
            public void bytes(byte[] bytes, int offset, int length) {
              parser.onClientBytes(bytes, offset, length);
            }

            @Override
            public void gap() {
              parser.onGap(true);
            }
          };
      this.serverSink =
          new InOrderBytes.Sink() {
            @Override
            public void bytes(byte[] bytes, int offset, int length) {
              parser.onServerBytes(bytes, offset, length);
            }

            @Override
            public void gap() {
              parser.onGap(false);
            }
          };
    }

    void onSegment(PacketView packet, boolean isClient) {
      InOrderBytes direction = isClient ? fromClient : fromServer;
      if (packet.hasFlags(PacketView.SYN)) {
        direction.syn(packet.seq);
      }
      if (packet.payloadLength > 0) {
        sawData = true;
        direction.segment(
            packet.seq,
            packet.data,
            packet.payloadOffset,
            packet.payloadLength,
            isClient ? clientSink : serverSink);
      }
      if (packet.hasFlags(PacketView.RST)) {
        reset = true;
      } else if (packet.hasFlags(PacketView.FIN)) {
        // Half-close: the other side may still answer, so wait for both FINs.
        if (isClient) {
          clientFin = true;
        } else {
          serverFin = true;
        }
      }
    }

    boolean sawData() {
      return sawData;
    }

    boolean isClosed() {
      return reset || (clientFin && serverFin);
    }

    long droppedBytes() {
      return fromClient.droppedBytes() + fromServer.droppedBytes() + parser.droppedBytes();
    }

    @Override
    public void attempt(String user, AuthOutcome outcome) {
      PacketView reply = current;
      attemptCounts.merge(service.label() + " " + outcome.label(), 1L, Long::sum);
      facts.accept(
          AuthAttempt.of(
              reply.micros,
              IpAddress.format(key.client()),
              IpAddress.format(key.server()),
              key.serverPort(),
              service.label(),
              user,
              outcome,
              Origin.frame(reply.input, reply.frame)));
    }

    @Override
    public void dataConnectionAnnounced(byte[] address, int port, boolean originatorIsClient) {
      if (limits.maxExpectedConnections() == 0) {
        return;
      }
      // Passive: client -> announced server address:port. Active: server -> client address:port.
      StreamKey expectation =
          originatorIsClient
              ? new StreamKey(key.client(), 0, address == null ? key.server() : address, port)
              : new StreamKey(key.server(), 0, address == null ? key.client() : address, port);
      expected.remove(expectation);
      if (expected.size() >= limits.maxExpectedConnections()) {
        Iterator<StreamKey> oldest = expected.keySet().iterator();
        oldest.next();
        oldest.remove();
        expectationsEvicted++;
      }
      expected.put(expectation, current.micros + limits.expectationMicros());
    }

    @Override
    public int maxUserChars() {
      return limits.maxUserChars();
    }
  }
}
