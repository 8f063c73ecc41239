package dev.nsm.decode;

/** A protocol read a line at a time in each direction. */
abstract class LineParser implements ProtocolParser {

  /** Commands or requests remembered while they await their reply. */
  static final int MAX_PENDING = 32;

  protected final AuthExchange exchange;
  protected final LineSplitter client;
  protected final LineSplitter server;

  LineParser(AuthExchange exchange, int maxLineBytes) {
    this.exchange = exchange;
    this.client = new LineSplitter(maxLineBytes);
    this.server = new LineSplitter(maxLineBytes);
  }

  abstract void onClientLine(String line);

  abstract void onServerLine(String line);

  @Override
  public void onClientBytes(byte[] bytes, int offset, int length) {
    client.feed(bytes, offset, length, this::onClientLine);
  }

  @Override
  public void onServerBytes(byte[] bytes, int offset, int length) {
    server.feed(bytes, offset, length, this::onServerLine);
  }

  @Override
  public void onGap(boolean fromClient) {
    (fromClient ? client : server).reset();
  }

  @Override
  public long droppedBytes() {
    return client.droppedBytes() + server.droppedBytes();
  }
}
