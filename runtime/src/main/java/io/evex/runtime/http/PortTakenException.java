package io.evex.runtime.http;

import java.util.Optional;

/** The HTTP port the user gave is taken: the run stops (exit 3) rather than serve elsewhere. */
public final class PortTakenException extends IllegalStateException {

    PortTakenException(int port, Optional<String> holder) {
        super("HTTP port " + port + " is taken" + holder.map(h -> " by " + h).orElse(" by another program")
                + "; stop it, or give another port (--http-port, http.port)");
    }
}
