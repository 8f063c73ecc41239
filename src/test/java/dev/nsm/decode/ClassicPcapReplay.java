package dev.nsm.decode;

import dev.nsm.source.CaptureFileReader;
import java.io.IOException;
import java.io.InputStream;

/** Replays a test capture through nsm's reader and decoder into one packet consumer. */
final class ClassicPcapReplay {

  private ClassicPcapReplay() {}

  static void replay(String resource, PacketConsumer consumer) throws IOException {
    PacketDecoder decoder = new PacketDecoder();
    PacketView view = new PacketView();
    try (InputStream in = ClassicPcapReplay.class.getResourceAsStream("/captures/" + resource)) {
      new CaptureFileReader()
          .read(
              resource,
              in,
              (linkType, micros, data, offset, length, frame) -> {
                consumer.advanceTo(micros);
                if (decoder.decode(linkType, data, offset, length, view)) {
                  view.input = resource;
                  view.frame = frame;
                  view.micros = micros;
                  consumer.onPacket(view);
                }
              });
    }
    consumer.finish();
  }
}
