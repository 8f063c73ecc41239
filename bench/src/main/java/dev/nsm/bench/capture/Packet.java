package dev.nsm.bench.capture;

/**
 * One packet of a scripted flow, waiting in the {@link Schedule} until its time comes. The payload
 * is {@code text} (protocol bytes such as an HTTP request) followed by filler bytes up to {@code
 * length}.
 */
final class Packet {

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;

  long micros;

  /** Ties between packets of one microsecond keep the order they were scheduled in. */
  long order;

  Flow flow;
  boolean fromClient;
  int flags;
  int seq;
  int ack;
  int length;
  byte[] text;

  /** A DNS transaction id written over the first two payload bytes, or -1. */
  int dnsId = -1;

  /** Counts towards the attacks' packets, which must all be written before the capture ends. */
  boolean attack;
}
