package io.evex.exporters.media;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A bare RTSP client over one TCP connection, for checks the real players do not expose: the
 * exact answers, the first RTP packets after PLAY, and a client that plays and then reads nothing.
 */
final class RawRtspClient implements AutoCloseable {

    /** An answer: status, headers (lower-case names) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One {@code $} frame. */
    record Frame(int channel, byte[] data) {}

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String url;
    private int cseq;
    private String session;

    /** Connects; {@code receiveBuffer} > 0 sets a small socket buffer (a client that will stall). */
    RawRtspClient(int port, String topic, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        url = "rtsp://127.0.0.1:" + port + "/" + topic;
    }

    String url() {
        return url;
    }

    String session() {
        return session;
    }

    /** Sends no Session header from now on: the next SETUP asks for a session of its own. */
    void forgetSession() {
        session = null;
    }

    /** Whether the server closed the connection (reads end of stream within the socket's time-out). */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false; // still open
        } catch (IOException e) {
            return true; // reset
        }
    }

    Response request(String method, String uri, String... headers) throws IOException {
        StringBuilder r = new StringBuilder(method + " " + uri + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
        if (session != null) {
            r.append("Session: ").append(session).append("\r\n");
        }
        for (String h : headers) {
            r.append(h).append("\r\n");
        }
        r.append("\r\n");
        out.write(r.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Response response = readResponse();
        String s = response.header("session");
        if (s != null) {
            session = s.split(";")[0];
        }
        return response;
    }

    /** DESCRIBE, SETUP over TCP (channels 0-1) and PLAY; returns PLAY's answer. */
    Response play() throws IOException {
        request("DESCRIBE", url, "Accept: application/sdp");
        request("SETUP", url + "/trackID=0", "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        return request("PLAY", url + "/", "Range: npt=0.000-");
    }

    /** Reads the next answer, skipping interleaved frames that come before it. */
    Response readResponse() throws IOException {
        while (true) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                in.readUnsignedByte();
                in.skipNBytes(in.readUnsignedShort());
                continue;
            }
            String statusLine = (char) first + line();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            String l;
            while (!(l = line()).isEmpty()) {
                int colon = l.indexOf(':');
                String name = l.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = l.substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + "\n" + b);
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    /** The next interleaved frame. */
    Frame readFrame() throws IOException {
        int first = in.readUnsignedByte();
        if (first != '$') {
            throw new IOException("expected interleaved data, got '" + (char) first + line() + "'");
        }
        int channel = in.readUnsignedByte();
        byte[] data = in.readNBytes(in.readUnsignedShort());
        return new Frame(channel, data);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
