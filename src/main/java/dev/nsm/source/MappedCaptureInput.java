package dev.nsm.source;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file mapped into memory: the fastest way to read a file in the page cache (measured
 * 8.3-8.8 M packets/s against 5.2 M for libpcap). A mapping is limited to 2 GB, so larger files are
 * mapped in chunks, one at a time; a record crossing a chunk border is copied in two steps.
 */
final class MappedCaptureInput implements CaptureInput {

  static final long CHUNK_BYTES = 1L << 30;

  private final FileChannel channel;
  private final long size;
  private final long chunkBytes;
  private MappedByteBuffer chunk;
  private long chunkStart;
  private long position;

  MappedCaptureInput(Path file) throws IOException {
    this(file, CHUNK_BYTES);
  }

  /** With a chosen chunk size, so tests can cross chunk borders with small files. */
  MappedCaptureInput(Path file, long chunkBytes) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    this.size = channel.size();
    this.chunkBytes = chunkBytes;
  }

  @Override
  public int readUpTo(byte[] target, int offset, int length) throws IOException {
    int done = 0;
    while (done < length && position < size) {
      ensureMapped();
      int inChunk = (int) Math.min(length - done, chunkStart + chunk.capacity() - position);
      chunk.get((int) (position - chunkStart), target, offset + done, inChunk);
      done += inChunk;
      position += inChunk;
    }
    return done;
  }

  @Override
  public long skipUpTo(long count) {
    long skipped = Math.min(count, size - position);
    position += skipped;
    return skipped;
  }

  private void ensureMapped() throws IOException {
    if (chunk == null || position < chunkStart || position >= chunkStart + chunk.capacity()) {
      chunkStart = position;
      chunk =
          channel.map(
              FileChannel.MapMode.READ_ONLY, chunkStart, Math.min(chunkBytes, size - chunkStart));
    }
  }

  @Override
  public void close() throws IOException {
    chunk = null;
    channel.close();
  }
}
