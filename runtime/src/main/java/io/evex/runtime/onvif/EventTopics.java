package io.evex.runtime.onvif;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.w3c.dom.Element;

/**
 * The topics this device raises, as {@code GetEventProperties} lists them, and a subscription's
 * topic filter ({@code wsnt:TopicExpression} in ONVIF's ConcreteSet dialect: alternatives separated
 * by {@code |}, each a topic or a topic followed by {@code //.} for it and everything under it).
 */
final class EventTopics {

    private EventTopics() {}

    private static final String RULE_SOURCE = "<tt:Source>"
            + description("VideoSourceConfigurationToken", "tt:ReferenceToken")
            + description("VideoAnalyticsConfigurationToken", "tt:ReferenceToken")
            + description("Rule", "xs:string") + "</tt:Source>";

    static String properties() {
        return "<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>"
                + "http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>"
                + "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet>"
                + "<tns1:RuleEngine><FieldDetector><ObjectsInside wstop:topic=\"true\">"
                + "<tt:MessageDescription IsProperty=\"true\">" + RULE_SOURCE + "<tt:Data>"
                + description("IsInside", "xs:boolean") + "</tt:Data></tt:MessageDescription></ObjectsInside>"
                + "</FieldDetector><LineDetector><Crossed wstop:topic=\"true\"><tt:MessageDescription"
                + " IsProperty=\"false\">" + RULE_SOURCE + "<tt:Data>" + description("ObjectId", "xs:integer")
                + "</tt:Data></tt:MessageDescription></Crossed></LineDetector></tns1:RuleEngine>"
                + "<tns1:VideoSource><MotionAlarm wstop:topic=\"true\"><tt:MessageDescription IsProperty=\"true\">"
                + "<tt:Source>" + description("Source", "tt:ReferenceToken") + "</tt:Source><tt:Data>"
                + description("State", "xs:boolean") + "</tt:Data></tt:MessageDescription></MotionAlarm>"
                + "</tns1:VideoSource></wstop:TopicSet><wsnt:TopicExpressionDialect>"
                + "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</wsnt:TopicExpressionDialect>"
                + "<wsnt:TopicExpressionDialect>http://docs.oasis-open.org/wsn/t-1/TopicExpression/Concrete"
                + "</wsnt:TopicExpressionDialect><tev:MessageContentFilterDialect>"
                + "http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>"
                + "<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd"
                + "</tev:MessageContentSchemaLocation></tev:GetEventPropertiesResponse>";
    }

    private static String description(String name, String type) {
        return "<tt:SimpleItemDescription Name=\"" + name + "\" Type=\"" + type + "\"/>";
    }

    /** The topics a {@code CreatePullPointSubscription} asks for: every one without a filter. */
    static Predicate<String> filter(Element operation) {
        String expression = Xml.text(Xml.child(operation, "Filter"), "TopicExpression");
        if (expression == null || expression.isEmpty()) {
            return topic -> true;
        }
        List<Predicate<String>> any = new ArrayList<>();
        for (String alternative : expression.split("\\|")) {
            String a = alternative.trim();
            if (a.endsWith("//.")) {
                String root = a.substring(0, a.length() - 3);
                any.add(topic -> topic.equals(root) || topic.startsWith(root + "/"));
            } else if (!a.isEmpty()) {
                any.add(a::equals);
            }
        }
        return topic -> any.stream().anyMatch(p -> p.test(topic));
    }
}
