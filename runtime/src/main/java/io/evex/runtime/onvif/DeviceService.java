package io.evex.runtime.onvif;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The device service (ONVIF Core): the clock, who this device is, where its services are and what
 * they can do. Evex changes nothing through ONVIF: its configuration is its own, so every
 * {@code Set*} operation is answered as not supported.
 */
final class DeviceService {

    static final String PATH = "/onvif/device_service";
    static final String MEDIA_PATH = "/onvif/media_service";
    static final String MEDIA2_PATH = "/onvif/media2_service";
    static final String EVENTS_PATH = "/onvif/event_service";

    /** The operations answered (the documentation lists each). */
    static final java.util.List<String> OPERATIONS = java.util.List.of(
            "GetSystemDateAndTime",
            "GetDeviceInformation",
            "GetCapabilities",
            "GetServices",
            "GetServiceCapabilities",
            "GetScopes",
            "GetHostname",
            "GetWsdlUrl");

    private final OnvifSettings settings;
    private final String serial;

    DeviceService(OnvifSettings settings, String serial) {
        this.settings = settings;
        this.serial = serial;
    }

    String answer(Call call) throws SoapFault {
        return switch (call.name()) {
            case "GetSystemDateAndTime" -> dateAndTime();
            case "GetDeviceInformation" ->
                "<tds:GetDeviceInformationResponse><tds:Manufacturer>Evex"
                        + "</tds:Manufacturer><tds:Model>" + Xml.escape(settings.name()) + "</tds:Model>"
                        + "<tds:FirmwareVersion>" + version() + "</tds:FirmwareVersion><tds:SerialNumber>"
                        + Xml.escape(serial) + "</tds:SerialNumber><tds:HardwareId>evex</tds:HardwareId>"
                        + "</tds:GetDeviceInformationResponse>";
            case "GetCapabilities" ->
                "<tds:GetCapabilitiesResponse>" + capabilities(call.base()) + "</tds:GetCapabilitiesResponse>";
            case "GetServices" -> services(call);
            case "GetServiceCapabilities" ->
                "<tds:GetServiceCapabilitiesResponse>" + deviceCapabilities() + "</tds:GetServiceCapabilitiesResponse>";
            case "GetScopes" -> scopes();
            case "GetHostname" ->
                "<tds:GetHostnameResponse><tds:HostnameInformation><tt:FromDHCP>false"
                        + "</tt:FromDHCP><tt:Name>" + Xml.escape(call.host()) + "</tt:Name></tds:HostnameInformation>"
                        + "</tds:GetHostnameResponse>";
            case "GetWsdlUrl" ->
                "<tds:GetWsdlUrlResponse><tds:WsdlUrl>https://www.onvif.org/profiles/specifications/"
                        + "</tds:WsdlUrl></tds:GetWsdlUrlResponse>";
            default -> throw SoapFault.notSupported(call.name());
        };
    }

    private static String version() {
        String v = DeviceService.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : Xml.escape(v);
    }

    private static String dateAndTime() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        return "<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>NTP</tt:DateTimeType>"
                + "<tt:DaylightSavings>false</tt:DaylightSavings><tt:TimeZone><tt:TZ>UTC0</tt:TZ></tt:TimeZone>"
                + "<tt:UTCDateTime><tt:Time><tt:Hour>" + now.getHour() + "</tt:Hour><tt:Minute>" + now.getMinute()
                + "</tt:Minute><tt:Second>" + now.getSecond() + "</tt:Second></tt:Time><tt:Date><tt:Year>"
                + now.getYear() + "</tt:Year><tt:Month>" + now.getMonthValue() + "</tt:Month><tt:Day>"
                + now.getDayOfMonth() + "</tt:Day></tt:Date></tt:UTCDateTime>"
                + "</tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>";
    }

    /** GetCapabilities' answer (the call ONVIF replaced with GetServices; many VMSs still make it). */
    private static String capabilities(String base) {
        return "<tds:Capabilities><tt:Device><tt:XAddr>" + Xml.escape(base + PATH) + "</tt:XAddr><tt:Network>"
                + "<tt:IPFilter>false</tt:IPFilter><tt:ZeroConfiguration>false</tt:ZeroConfiguration>"
                + "<tt:IPVersion6>false</tt:IPVersion6><tt:DynDNS>false</tt:DynDNS></tt:Network><tt:System>"
                + "<tt:DiscoveryResolve>false</tt:DiscoveryResolve><tt:DiscoveryBye>false</tt:DiscoveryBye>"
                + "<tt:RemoteDiscovery>false</tt:RemoteDiscovery><tt:SystemBackup>false</tt:SystemBackup>"
                + "<tt:SystemLogging>false</tt:SystemLogging><tt:FirmwareUpgrade>false</tt:FirmwareUpgrade>"
                + "<tt:SupportedVersions><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tt:SupportedVersions>"
                + "</tt:System><tt:Security><tt:TLS1.1>false</tt:TLS1.1><tt:TLS1.2>false</tt:TLS1.2>"
                + "<tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration><tt:AccessPolicyConfig>false"
                + "</tt:AccessPolicyConfig><tt:X.509Token>false</tt:X.509Token><tt:SAMLToken>false</tt:SAMLToken>"
                + "<tt:KerberosToken>false</tt:KerberosToken><tt:RELToken>false</tt:RELToken></tt:Security>"
                + "</tt:Device><tt:Events><tt:XAddr>" + Xml.escape(base + EVENTS_PATH) + "</tt:XAddr>"
                + "<tt:WSSubscriptionPolicySupport>false</tt:WSSubscriptionPolicySupport>"
                + "<tt:WSPullPointSupport>true</tt:WSPullPointSupport>"
                + "<tt:WSPausableSubscriptionManagerInterfaceSupport>false"
                + "</tt:WSPausableSubscriptionManagerInterfaceSupport></tt:Events><tt:Media><tt:XAddr>"
                + Xml.escape(base + MEDIA_PATH) + "</tt:XAddr><tt:StreamingCapabilities>"
                + "<tt:RTPMulticast>false</tt:RTPMulticast><tt:RTP_TCP>true</tt:RTP_TCP>"
                + "<tt:RTP_RTSP_TCP>true</tt:RTP_RTSP_TCP></tt:StreamingCapabilities></tt:Media></tds:Capabilities>";
    }

    private static String deviceCapabilities() {
        return "<tds:Capabilities><tds:Network IPFilter=\"false\" ZeroConfiguration=\"false\" IPVersion6=\"false\""
                + " DynDNS=\"false\"/><tds:Security UsernameToken=\"true\" HttpDigest=\"true\"/><tds:System"
                + " DiscoveryResolve=\"false\" DiscoveryBye=\"false\" RemoteDiscovery=\"false\" SystemBackup=\"false\""
                + " FirmwareUpgrade=\"false\" SystemLogging=\"false\"/></tds:Capabilities>";
    }

    private String services(Call call) {
        boolean withCapabilities = "true".equals(call.request().argument("IncludeCapability"));
        String base = call.base();
        return "<tds:GetServicesResponse>"
                + service(Soap.DEVICE, base + PATH, 2, 60, withCapabilities ? deviceCapabilities() : "")
                + service(Soap.MEDIA, base + MEDIA_PATH, 2, 60, withCapabilities ? MediaService.capabilities1() : "")
                + service(Soap.MEDIA2, base + MEDIA2_PATH, 2, 60, withCapabilities ? MediaService.capabilities2() : "")
                + service(Soap.EVENTS, base + EVENTS_PATH, 2, 60, withCapabilities ? EventService.capabilities() : "")
                + "</tds:GetServicesResponse>";
    }

    private static String service(String namespace, String address, int major, int minor, String capabilities) {
        return "<tds:Service><tds:Namespace>" + namespace + "</tds:Namespace><tds:XAddr>" + Xml.escape(address)
                + "</tds:XAddr>"
                + (capabilities.isEmpty() ? "" : "<tds:Capabilities>" + capabilities + "</tds:Capabilities>")
                + "<tds:Version><tt:Major>" + major + "</tt:Major><tt:Minor>" + minor + "</tt:Minor></tds:Version>"
                + "</tds:Service>";
    }

    private String scopes() {
        StringBuilder b = new StringBuilder("<tds:GetScopesResponse>");
        scope(b, "Fixed", "onvif://www.onvif.org/Profile/Streaming");
        scope(b, "Fixed", "onvif://www.onvif.org/Profile/M");
        scope(b, "Fixed", "onvif://www.onvif.org/hardware/Evex");
        scope(b, "Fixed", "onvif://www.onvif.org/type/video_encoder");
        scope(b, "Fixed", "onvif://www.onvif.org/type/analytics");
        scope(b, "Configurable", "onvif://www.onvif.org/name/" + encode(settings.name()));
        if (!settings.location().isEmpty()) {
            scope(b, "Configurable", "onvif://www.onvif.org/location/" + encode(settings.location()));
        }
        return b.append("</tds:GetScopesResponse>").toString();
    }

    private static void scope(StringBuilder b, String definition, String item) {
        b.append("<tds:Scopes><tt:ScopeDef>")
                .append(definition)
                .append("</tt:ScopeDef><tt:ScopeItem>")
                .append(Xml.escape(item))
                .append("</tt:ScopeItem></tds:Scopes>");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
