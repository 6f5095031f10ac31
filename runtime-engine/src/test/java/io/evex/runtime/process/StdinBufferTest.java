package io.evex.runtime.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class StdinBufferTest {

    /** Accepts writes until told to fail, like a pipe whose reader died. */
    private static final class Pipe extends OutputStream {
        final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
        int writes;
        boolean broken;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (broken) {
                throw new IOException("Broken pipe");
            }
            writes++;
            accepted.write(b, off, len);
        }
    }

    private static byte[] msg(int i, int size) {
        byte[] m = new byte[size];
        java.util.Arrays.fill(m, (byte) ('a' + i % 26));
        return m;
    }

    @Test
    void messagesAreFramedAndWrittenOneBufferAtATime() throws Exception {
        Pipe pipe = new Pipe();
        StdinBuffer buffer = new StdinBuffer(pipe, 1024);
        for (int i = 0; i < 100; i++) {
            buffer.writeMessage(msg(i, 99), (byte) 0);
        }
        buffer.flush();
        assertEquals(100 * 100, pipe.accepted.size());
        assertEquals(0, pipe.accepted.toByteArray()[99]);
        assertEquals(10, pipe.writes, "one write per full 1 KiB buffer, not per message");
        assertEquals(List.of(), buffer.notHandedOver());
    }

    @Test
    void whatTheDeadProgramNeverGotIsReturnedWholeAndInOrder() throws Exception {
        Pipe pipe = new Pipe();
        StdinBuffer buffer = new StdinBuffer(pipe, 1024);
        for (int i = 0; i < 15; i++) {
            buffer.writeMessage(msg(i, 99), (byte) 0); // messages 0..9 fill the first buffer and are handed over
        }
        pipe.broken = true;
        for (int i = 15; i < 25; i++) {
            final int n = i;
            try {
                buffer.writeMessage(msg(n, 99), (byte) 0);
            } catch (IOException e) {
                break; // the buffer filled up again and the write to the dead program failed
            }
        }
        assertThrows(IOException.class, buffer::flush);
        List<byte[]> left = buffer.notHandedOver();
        assertEquals(10, pipe.accepted.size() / 100);
        assertArrayEquals(msg(10, 99), left.get(0), "starts right after the last message the program was handed");
        assertEquals(10, left.size(), "messages 10..19: the last one is the message whose write failed");
    }
}
