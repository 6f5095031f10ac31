package io.evex.exporters.media.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Separates what a client sends on an RTSP connection: {@code $}-framed binary data (RTCP receiver
 * reports when it plays over TCP, RFC 2326 section 10.12) from RTSP requests. Requests are passed
 * on whole (headers and body) to Netty's RTSP decoder; binary frames become {@link Interleaved}
 * notices and their bytes are dropped, since a receiver report only tells us the client is alive.
 */
final class InterleavedSplitter extends ByteToMessageDecoder {

    /** A binary frame arrived on {@code channel}. */
    record Interleaved(int channel, int length) {}

    private static final int MAX_HEADERS = 16 * 1024;
    private static final int MAX_BODY = 64 * 1024;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int r = in.readerIndex();
            if (in.getByte(r) == '$') {
                if (in.readableBytes() < 4) {
                    return;
                }
                int channel = in.getUnsignedByte(r + 1);
                int length = in.getUnsignedShort(r + 2);
                if (in.readableBytes() < 4 + length) {
                    return;
                }
                in.skipBytes(4 + length);
                out.add(new Interleaved(channel, length));
                continue;
            }
            int end = headersEnd(in, r);
            if (end < 0) {
                if (in.readableBytes() > MAX_HEADERS) {
                    throw new TooLongFrameException("RTSP request headers over " + MAX_HEADERS + " bytes");
                }
                return;
            }
            int body = contentLength(in.toString(r, end - r, StandardCharsets.ISO_8859_1));
            if (body > MAX_BODY) {
                throw new TooLongFrameException("RTSP request body of " + body + " bytes");
            }
            if (in.readableBytes() < end - r + body) {
                return;
            }
            out.add(in.readRetainedSlice(end - r + body));
        }
    }

    /** The index just past the blank line ending the headers, or -1. */
    private static int headersEnd(ByteBuf in, int from) {
        int limit = in.writerIndex();
        for (int i = from; i + 3 < limit; i++) {
            if (in.getByte(i) == '\r'
                    && in.getByte(i + 1) == '\n'
                    && in.getByte(i + 2) == '\r'
                    && in.getByte(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0
                    && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Math.max(
                            0, Integer.parseInt(line.substring(colon + 1).trim()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }
}
