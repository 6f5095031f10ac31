package io.evex.api.auth;

/**
 * An exporter whose server has logins of its own (the RTSP server's users), so that other servers
 * of the runtime (ONVIF) let the same users in without a second list of passwords.
 *
 * @since 0.9
 */
public interface LoginSource {

    /** The logins now; {@link Logins#NONE} when the exporter serves without one. */
    Logins logins();
}
