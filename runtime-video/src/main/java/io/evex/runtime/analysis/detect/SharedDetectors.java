package io.evex.runtime.analysis.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector sessions open in this process, one per distinct {@link ModelSettings}: channels
 * naming the same model share its session and workers; the last channel to let go closes it.
 */
public final class SharedDetectors {

    /** A shared session as the status shows it. */
    public record Shared(DetectorPool pool, List<String> channels) {}

    private static final Map<ModelSettings, DetectorPool> OPEN = new LinkedHashMap<>();
    private static final Map<DetectorPool, List<String>> USERS = new LinkedHashMap<>();

    private SharedDetectors() {}

    /** The session for these settings, opened if none is, now used by {@code channel}. */
    public static synchronized DetectorPool acquire(DetectorSettings settings, String channel)
            throws DetectorException {
        DetectorPool pool = OPEN.get(settings.model());
        if (pool == null) {
            pool = new DetectorPool(new DetectorModel(settings.model()));
            OPEN.put(settings.model(), pool);
            USERS.put(pool, new ArrayList<>());
        }
        try {
            pool.model().check(settings);
        } catch (DetectorException e) {
            if (USERS.get(pool).isEmpty()) {
                close(pool);
            }
            throw e;
        }
        USERS.get(pool).add(channel);
        return pool;
    }

    /** {@code channel} no longer uses {@code pool}; closes it when nobody does. */
    public static synchronized void release(DetectorPool pool, String channel) {
        List<String> users = USERS.get(pool); // a channel restarting holds it twice for a moment
        if (users != null && users.remove(channel) && users.isEmpty()) {
            close(pool);
        }
    }

    private static void close(DetectorPool pool) {
        USERS.remove(pool);
        OPEN.values().remove(pool);
        pool.close();
    }

    /**
     * What a model is and how it will be fed, checked now (as a channel starting would): the file
     * loads, its layout is recognised, the classes asked for exist.
     */
    public static synchronized String inspect(DetectorSettings settings) throws DetectorException {
        DetectorPool pool = OPEN.get(settings.model());
        if (pool != null) {
            pool.model().check(settings);
            return pool.model().describe();
        }
        try (DetectorModel model = new DetectorModel(settings.model())) {
            model.check(settings);
            return model.describe();
        }
    }

    /** The sessions open now, with the channels using each. */
    public static synchronized List<Shared> open() {
        List<Shared> all = new ArrayList<>();
        USERS.forEach((pool, users) ->
                all.add(new Shared(pool, users.stream().distinct().toList())));
        return all;
    }
}
