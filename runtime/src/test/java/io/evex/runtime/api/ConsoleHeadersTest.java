package io.evex.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The console's pages tell the browser to run nothing but their own code and never be framed. */
class ConsoleHeadersTest extends FakeHostTest {

    @Test
    void consolePagesCarryAContentSecurityPolicyAndRefuseFrames() throws Exception {
        for (String page : new String[] {"/", "/console/app.js", "/console/console.css"}) {
            HttpResponse<byte[]> r = api.get(page, null);
            assertEquals(200, r.statusCode(), page);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), page + ": " + csp);
            assertTrue(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"), csp);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(""), page);
            assertEquals(
                    "no-referrer", r.headers().firstValue("Referrer-Policy").orElse(""), page);
        }
    }
}
