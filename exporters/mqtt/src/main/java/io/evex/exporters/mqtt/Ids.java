package io.evex.exporters.mqtt;

/**
 * Names as Home Assistant's ids and MQTT topic levels take them: letters, digits, {@code _} and
 * {@code -}. A name with other characters is rewritten and given a short hash of the original, so
 * two names never meet in one id, and the same name always gives the same one.
 */
final class Ids {

    private Ids() {}

    static String of(String name) {
        if (!name.isEmpty() && name.chars().allMatch(Ids::plain)) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length() + 9);
        name.chars().forEach(c -> b.append(plain(c) ? (char) c : '_'));
        return b.append('_').append(String.format("%08x", name.hashCode())).toString();
    }

    private static boolean plain(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
