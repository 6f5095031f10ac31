package io.evex.runtime.onvif;

/**
 * One SOAP request as a service answers it.
 *
 * @param base where the client reached this server ({@code http://host:port}), for the addresses
 *     answered (services, subscriptions, snapshots)
 * @param host the host name or address in {@code base}, for the RTSP URL
 */
record Call(SoapRequest request, OnvifAuth.Caller caller, String base, String host) {

    String name() {
        return request.name();
    }
}
