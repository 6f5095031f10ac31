package io.evex.runtime.http;

import java.util.Set;
import java.util.function.Function;

/**
 * Who a request's token speaks for: the admin (everything), a group (the channels in the group, as
 * the group is now) or one channel of a group.
 */
public record Access(Role role, String group, String channel) {

    public enum Role {
        ADMIN,
        GROUP,
        CHANNEL
    }

    public static final Access ADMIN = new Access(Role.ADMIN, null, null);

    public boolean admin() {
        return role == Role.ADMIN;
    }

    /**
     * Whether the token reaches {@code name}; {@code members} gives a group's channels now (a group
     * token loses a channel the moment it leaves the group).
     */
    public boolean reaches(String name, Function<String, Set<String>> members) {
        return switch (role) {
            case ADMIN -> true;
            case GROUP -> members.apply(group).contains(name);
            case CHANNEL -> channel.equals(name) && members.apply(group).contains(name);
        };
    }
}
