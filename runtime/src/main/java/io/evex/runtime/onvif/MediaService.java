package io.evex.runtime.onvif;

import io.evex.runtime.onvif.OnvifHost.VideoChannel;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The media services, Media (ver10, Profile S) and Media2 (ver20, Profile M asks for it): a
 * profile per channel the caller sees, the RTSP URL of its stream, its snapshot URL and its video
 * source. Both answer from the same profiles; only the shapes differ.
 */
final class MediaService {

    static final String SNAPSHOT_PATH = "/onvif/snapshot/";

    /** The operations answered (the documentation lists each). */
    static final java.util.List<String> MEDIA2 = java.util.List.of(
            "GetProfiles",
            "GetStreamUri",
            "GetSnapshotUri",
            "GetVideoSourceConfigurations",
            "GetMetadataConfigurations",
            "GetServiceCapabilities");

    static final java.util.List<String> MEDIA1 = java.util.List.of(
            "GetProfiles",
            "GetProfile",
            "GetStreamUri",
            "GetSnapshotUri",
            "GetVideoSources",
            "GetVideoSourceConfigurations",
            "GetVideoEncoderConfigurations",
            "GetMetadataConfigurations",
            "GetServiceCapabilities");

    private final OnvifHost host;

    MediaService(OnvifHost host) {
        this.host = host;
    }

    static String capabilities1() {
        return "<trt:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\">"
                + "<trt:ProfileCapabilities MaximumNumberOfProfiles=\"0\"/><trt:StreamingCapabilities"
                + " RTPMulticast=\"false\" RTP_TCP=\"true\" RTP_RTSP_TCP=\"true\" NonAggregateControl=\"false\""
                + " NoRTSPStreaming=\"false\"/></trt:Capabilities>";
    }

    static String capabilities2() {
        return "<tr2:Capabilities SnapshotUri=\"true\" Rotation=\"false\" VideoSourceMode=\"false\" OSD=\"false\""
                + " Mask=\"false\" SourceMask=\"false\"><tr2:ProfileCapabilities MaximumNumberOfProfiles=\"0\""
                + " ConfigurationsSupported=\"VideoSource VideoEncoder Metadata\"/><tr2:StreamingCapabilities"
                + " RTSPStreaming=\"true\" RTPMulticast=\"false\" RTP_RTSP_TCP=\"true\" NonAggregateControl=\"false\""
                + " AutoStartMulticast=\"false\"/></tr2:Capabilities>";
    }

    /** Media (ver10). */
    String answer1(Call call) throws SoapFault {
        return switch (call.name()) {
            case "GetProfiles" ->
                "<trt:GetProfilesResponse>" + each(call, Profiles::media1) + "</trt:GetProfilesResponse>";
            case "GetProfile" ->
                "<trt:GetProfileResponse>"
                        + Profiles.media1(profile(call)).replace("trt:Profiles", "trt:Profile")
                        + "</trt:GetProfileResponse>";
            case "GetStreamUri" ->
                "<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>"
                        + Xml.escape(streamUri(call, profile(call))) + "</tt:Uri><tt:InvalidAfterConnect>false"
                        + "</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
                        + "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>";
            case "GetSnapshotUri" ->
                "<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>"
                        + Xml.escape(snapshotUri(call, profile(call))) + "</tt:Uri><tt:InvalidAfterConnect>false"
                        + "</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot>"
                        + "<tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>";
            case "GetVideoSources" ->
                "<trt:GetVideoSourcesResponse>" + each(call, Profiles::videoSource) + "</trt:GetVideoSourcesResponse>";
            case "GetVideoSourceConfigurations" ->
                "<trt:GetVideoSourceConfigurationsResponse>"
                        + configurations(
                                call,
                                "trt",
                                c -> Profiles.sourceConfigurationToken(c.name()),
                                Profiles::sourceConfiguration)
                        + "</trt:GetVideoSourceConfigurationsResponse>";
            case "GetVideoEncoderConfigurations" ->
                "<trt:GetVideoEncoderConfigurationsResponse>"
                        + configurations(call, "trt", c -> "encoder-" + c.name(), Profiles::encoder1)
                        + "</trt:GetVideoEncoderConfigurationsResponse>";
            case "GetMetadataConfigurations" ->
                "<trt:GetMetadataConfigurationsResponse>"
                        + configurations(call, "trt", c -> "metadata-" + c.name(), Profiles::metadata)
                        + "</trt:GetMetadataConfigurationsResponse>";
            case "GetServiceCapabilities" ->
                "<trt:GetServiceCapabilitiesResponse>" + capabilities1() + "</trt:GetServiceCapabilitiesResponse>";
            default -> throw SoapFault.notSupported(call.name());
        };
    }

    /** Media2 (ver20). */
    String answer2(Call call) throws SoapFault {
        return switch (call.name()) {
            case "GetProfiles" -> "<tr2:GetProfilesResponse>" + profiles2(call) + "</tr2:GetProfilesResponse>";
            case "GetStreamUri" ->
                "<tr2:GetStreamUriResponse><tr2:Uri>" + Xml.escape(streamUri(call, profile(call)))
                        + "</tr2:Uri></tr2:GetStreamUriResponse>";
            case "GetSnapshotUri" ->
                "<tr2:GetSnapshotUriResponse><tr2:Uri>" + Xml.escape(snapshotUri(call, profile(call)))
                        + "</tr2:Uri></tr2:GetSnapshotUriResponse>";
            case "GetVideoSourceConfigurations" ->
                "<tr2:GetVideoSourceConfigurationsResponse>"
                        + configurations(
                                call,
                                "tr2",
                                c -> Profiles.sourceConfigurationToken(c.name()),
                                Profiles::sourceConfiguration)
                        + "</tr2:GetVideoSourceConfigurationsResponse>";
            case "GetMetadataConfigurations" ->
                "<tr2:GetMetadataConfigurationsResponse>"
                        + configurations(call, "tr2", c -> "metadata-" + c.name(), Profiles::metadata)
                        + "</tr2:GetMetadataConfigurationsResponse>";
            case "GetServiceCapabilities" ->
                "<tr2:GetServiceCapabilitiesResponse>" + capabilities2() + "</tr2:GetServiceCapabilitiesResponse>";
            default -> throw SoapFault.notSupported(call.name());
        };
    }

    /** Media2's GetProfiles may name one profile ({@code Token}). */
    private String profiles2(Call call) throws SoapFault {
        String token = call.request().argument("Token");
        if (token != null && !token.isEmpty()) {
            return Profiles.media2(channel(call, token));
        }
        return each(call, Profiles::media2);
    }

    /** Each visible channel's configuration of one kind, as {@code <prefix:Configurations token="...">}. */
    private String configurations(
            Call call,
            String prefix,
            java.util.function.Function<VideoChannel, String> token,
            java.util.function.Function<VideoChannel, String> content) {
        return each(
                call,
                c -> "<" + prefix + ":Configurations token=\"" + Xml.escape(token.apply(c)) + "\">" + content.apply(c)
                        + "</" + prefix + ":Configurations>");
    }

    private String each(Call call, java.util.function.Function<VideoChannel, String> xml) {
        StringBuilder b = new StringBuilder();
        for (VideoChannel c : visible(call)) {
            b.append(xml.apply(c));
        }
        return b.toString();
    }

    private List<VideoChannel> visible(Call call) {
        return host.channels().stream()
                .filter(c -> call.caller().sees(c.name()))
                .toList();
    }

    /** The channel the request's {@code ProfileToken} names, or a fault naming the profiles there are. */
    private VideoChannel profile(Call call) throws SoapFault {
        String token = call.request().argument("ProfileToken");
        if (token == null || token.isEmpty()) {
            throw SoapFault.sender("ter:InvalidArgVal", "ProfileToken is missing");
        }
        return channel(call, token);
    }

    private VideoChannel channel(Call call, String token) throws SoapFault {
        List<VideoChannel> seen = visible(call);
        for (VideoChannel c : seen) {
            if (c.name().equals(token)) {
                return c;
            }
        }
        throw SoapFault.sender(
                "ter:NoProfile",
                "no profile '" + token + "'; profiles: "
                        + String.join(
                                ", ", seen.stream().map(VideoChannel::name).toList()));
    }

    /** The rtsp exporter's URL, with the host the client reached us at (the exporter may print a LAN address). */
    private String streamUri(Call call, VideoChannel c) throws SoapFault {
        URI uri = host.streamUri(c.name())
                .orElseThrow(() -> SoapFault.receiver(
                        "ter:StreamUnavailable",
                        "no rtsp exporter serves channel '" + c.name() + "': add one (exporters: [{type: rtsp}])"));
        String h = call.host().contains(":") && !call.host().startsWith("[") ? "[" + call.host() + "]" : call.host();
        return uri.getScheme() + "://" + h + ":" + uri.getPort() + uri.getRawPath();
    }

    private static String snapshotUri(Call call, VideoChannel c) {
        return call.base() + SNAPSHOT_PATH + URLEncoder.encode(c.name(), StandardCharsets.UTF_8);
    }
}
