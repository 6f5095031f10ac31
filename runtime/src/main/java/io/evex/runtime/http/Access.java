package io.evex.runtime.http;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Who a request's token speaks for, and what it may do: the admin (everything), a viewer (reads
 * every channel, status and metrics, changes nothing and sees no settings), a group (the channels in
 * the group, as the group is now) or one channel of a group — these two with the permissions their
 * group token was made with.
 */
public record Access(Role role, String group, String channel, Set<Permission> permissions) {

    public enum Role {
        ADMIN,
        VIEWER,
        GROUP,
        CHANNEL
    }

    /** What a group's tokens may do on the channels they reach. */
    public enum Permission {
        /** pictures, clips, live video, events, metadata and rules: reading */
        VIEW,
        /** {@code POST /channels/{id}/metadata} */
        METADATA,
        /** {@code POST /events} */
        EVENTS;

        /** The name used in the API and the token store. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The permission called {@code id}, or null. */
        public static Permission of(String id) {
            for (Permission p : values()) {
                if (p.id().equals(id)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Read-only: what a group token carries when it was made without a list. */
    public static final Set<Permission> VIEW_ONLY = Set.of(Permission.VIEW);

    public static final Access ADMIN = new Access(Role.ADMIN, null, null, EnumSet.allOf(Permission.class));

    public static final Access VIEWER = new Access(Role.VIEWER, null, null, VIEW_ONLY);

    public Access {
        permissions = Set.copyOf(permissions);
    }

    /** A group's token (or a channel's, when {@code channel} is not null) with its permissions. */
    public static Access of(String group, String channel, Set<Permission> permissions) {
        return new Access(channel == null ? Role.GROUP : Role.CHANNEL, group, channel, permissions);
    }

    public boolean admin() {
        return role == Role.ADMIN;
    }

    /** Whether status and metrics are open to this token (admin and viewer). */
    public boolean operator() {
        return role == Role.ADMIN || role == Role.VIEWER;
    }

    public boolean may(Permission p) {
        return permissions.contains(p);
    }

    /**
     * Whether the token reaches {@code name}; {@code members} gives a group's channels now (a group
     * token loses a channel the moment it leaves the group).
     */
    public boolean reaches(String name, Function<String, Set<String>> members) {
        return switch (role) {
            case ADMIN, VIEWER -> true;
            case GROUP -> members.apply(group).contains(name);
            case CHANNEL -> channel.equals(name) && members.apply(group).contains(name);
        };
    }
}
