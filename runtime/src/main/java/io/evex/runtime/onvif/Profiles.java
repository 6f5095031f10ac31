package io.evex.runtime.onvif;

import io.evex.api.onvif.OnvifNotifications;
import io.evex.runtime.onvif.OnvifHost.VideoChannel;

/**
 * A channel as an ONVIF media profile: its video source, the encoder configuration of what the
 * RTSP server sends, and a metadata configuration (analytics and events, Profile M). The profile's
 * token is the channel's name; every other token derives from it, so they stay the same across
 * restarts.
 */
final class Profiles {

    private Profiles() {}

    static String sourceToken(String channel) {
        return OnvifNotifications.sourceToken(channel);
    }

    static String sourceConfigurationToken(String channel) {
        return OnvifNotifications.sourceConfigurationToken(channel);
    }

    private static String encoding(VideoChannel c) {
        return "hevc".equals(c.codec()) ? "H265" : "H264";
    }

    private static int fps(VideoChannel c) {
        return c.fps() > 0 ? (int) Math.round(c.fps()) : 25;
    }

    /** {@code tt:VideoSourceConfiguration} content (Media and Media2 share it). */
    static String sourceConfiguration(VideoChannel c) {
        return "<tt:Name>" + Xml.escape(c.name()) + "</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>"
                + Xml.escape(sourceToken(c.name())) + "</tt:SourceToken><tt:Bounds x=\"0\" y=\"0\" width=\""
                + c.width() + "\" height=\"" + c.height() + "\"/>";
    }

    /** Media's {@code trt:Profiles}. */
    static String media1(VideoChannel c) {
        String name = Xml.escape(c.name());
        return "<trt:Profiles token=\"" + name + "\" fixed=\"true\"><tt:Name>" + name + "</tt:Name>"
                + "<tt:VideoSourceConfiguration token=\"" + Xml.escape(sourceConfigurationToken(c.name())) + "\">"
                + sourceConfiguration(c) + "</tt:VideoSourceConfiguration>"
                + "<tt:VideoEncoderConfiguration token=\"encoder-" + name + "\">" + encoder1(c)
                + "</tt:VideoEncoderConfiguration><tt:MetadataConfiguration token=\"metadata-" + name + "\">"
                + metadata(c) + "</tt:MetadataConfiguration></trt:Profiles>";
    }

    /** A Media {@code tt:VideoEncoderConfiguration}'s content. */
    static String encoder1(VideoChannel c) {
        String codec = encoding(c);
        String gop = "<tt:GovLength>" + fps(c) + "</tt:GovLength>";
        return "<tt:Name>" + Xml.escape(c.name()) + "</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>" + codec
                + "</tt:Encoding>" + resolution(c) + "<tt:Quality>5</tt:Quality><tt:RateControl><tt:FrameRateLimit>"
                + fps(c) + "</tt:FrameRateLimit><tt:EncodingInterval>1</tt:EncodingInterval>"
                + "<tt:BitrateLimit>0</tt:BitrateLimit></tt:RateControl>"
                + (codec.equals("H264") ? "<tt:H264>" + gop + "<tt:H264Profile>Main</tt:H264Profile></tt:H264>" : "")
                + multicast() + "<tt:SessionTimeout>PT60S</tt:SessionTimeout>";
    }

    /** A {@code tt:MetadataConfiguration}'s content: analytics (objects) and events in the stream. */
    static String metadata(VideoChannel c) {
        return "<tt:Name>" + Xml.escape(c.name()) + "</tt:Name><tt:UseCount>1</tt:UseCount><tt:Events><tt:Filter>"
                + "<wsnt:TopicExpression Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">"
                + "tns1:RuleEngine//.|tns1:VideoSource//.</wsnt:TopicExpression></tt:Filter></tt:Events>"
                + "<tt:Analytics>true</tt:Analytics>" + multicast() + "<tt:SessionTimeout>PT60S</tt:SessionTimeout>";
    }

    /** Media2's {@code tr2:Profiles}: the same configurations under {@code tr2:Configurations}. */
    static String media2(VideoChannel c) {
        String name = Xml.escape(c.name());
        return "<tr2:Profiles token=\"" + name + "\" fixed=\"true\"><tr2:Name>" + name + "</tr2:Name>"
                + "<tr2:Configurations><tr2:VideoSource token=\"" + Xml.escape(sourceConfigurationToken(c.name()))
                + "\">" + sourceConfiguration(c) + "</tr2:VideoSource>"
                + "<tr2:VideoEncoder token=\"encoder-" + name + "\" GovLength=\"" + fps(c) + "\"" + profile2(c)
                + "><tt:Name>" + name + "</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>" + encoding(c)
                + "</tt:Encoding>" + resolution(c) + "<tt:RateControl ConstantBitRate=\"false\"><tt:FrameRateLimit>"
                + fps(c) + "</tt:FrameRateLimit><tt:BitrateLimit>0</tt:BitrateLimit></tt:RateControl>"
                + multicast() + "<tt:Quality>5</tt:Quality></tr2:VideoEncoder>"
                + "<tr2:Metadata token=\"metadata-" + name + "\">" + metadata(c) + "</tr2:Metadata>"
                + "</tr2:Configurations></tr2:Profiles>";
    }

    private static String profile2(VideoChannel c) {
        return encoding(c).equals("H264") ? " Profile=\"Main\"" : "";
    }

    private static String resolution(VideoChannel c) {
        return "<tt:Resolution><tt:Width>" + c.width() + "</tt:Width><tt:Height>" + c.height()
                + "</tt:Height></tt:Resolution>";
    }

    private static String multicast() {
        return "<tt:Multicast><tt:Address><tt:Type>IPv4</tt:Type><tt:IPv4Address>0.0.0.0</tt:IPv4Address>"
                + "</tt:Address><tt:Port>0</tt:Port><tt:TTL>0</tt:TTL><tt:AutoStart>false</tt:AutoStart></tt:Multicast>";
    }

    /** Media's {@code trt:VideoSources}. */
    static String videoSource(VideoChannel c) {
        return "<trt:VideoSources token=\"" + Xml.escape(sourceToken(c.name())) + "\"><tt:Framerate>" + fps(c)
                + "</tt:Framerate>" + resolution(c) + "</trt:VideoSources>";
    }
}
