package io.evex.runtime.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Camera URLs as Evex prints them: no password, wherever it hides. */
class RedactTest {

    @Test
    void credentialsAreMaskedInTheUserInformationAndTheQuery() {
        assertEquals("rtsp://***@10.0.0.7/live", VideoInput.redact("rtsp://admin:pw@10.0.0.7/live"));
        assertEquals("rtsp://***@h/x", VideoInput.redact("rtsp://admin:p@ss@h/x"), "an '@' in the password");
        assertEquals("rtsp://***@h", VideoInput.redact("rtsp://u:p@h"));
        assertEquals(
                "http://cam/snap.cgi?user=admin&password=***&res=hd",
                VideoInput.redact("http://cam/snap.cgi?user=admin&password=s3cret&res=hd"));
        assertEquals("http://cam/x?token=***", VideoInput.redact("http://cam/x?token=abc"));
        assertEquals(
                "http://cam/x?mail=a@b", VideoInput.redact("http://cam/x?mail=a@b"), "an '@' in the query is no user");
        assertEquals("/videos/yard.mp4", VideoInput.redact("/videos/yard.mp4"));
    }
}
