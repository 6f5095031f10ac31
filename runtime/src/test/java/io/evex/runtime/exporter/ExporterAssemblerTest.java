package io.evex.runtime.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evex.api.Event;
import io.evex.api.Exporter;
import io.evex.api.ExporterContext;
import io.evex.api.ExporterFactory;
import io.evex.api.Setting;
import io.evex.api.SettingsSpec;
import io.evex.api.delivery.Backoff;
import io.evex.api.delivery.DeliveryDefaults;
import io.evex.api.delivery.OverflowPolicy;
import io.evex.api.delivery.Ticker;
import io.evex.runtime.bus.delivery.ExporterWorker;
import io.evex.runtime.bus.queue.QueueSettings;
import io.evex.runtime.config.ExportOption;
import io.evex.runtime.negotiation.Negotiator;
import io.evex.schemas.EventCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterAssemblerTest {

    @TempDir
    Path dir;

    private final AtomicInteger created = new AtomicInteger();

    /** A kind that counts the exporters it creates, with the delivery defaults given. */
    private ExporterFactory kind(DeliveryDefaults typed, Map<String, Object> legacyQueue) {
        return new ExporterFactory() {
            @Override
            public String name() {
                return "probe";
            }

            @Override
            public SettingsSpec settings() {
                return SettingsSpec.of(Setting.integer("level", "Level", 1).withRange(1, 3));
            }

            @Override
            public DeliveryDefaults deliveryDefaults() {
                return typed;
            }

            @Override
            @SuppressWarnings("deprecation")
            public Map<String, Object> defaultQueue() {
                return legacyQueue;
            }

            @Override
            public Exporter create() {
                created.incrementAndGet();
                return new Exporter() {
                    @Override
                    public void start(ExporterContext context) {}

                    @Override
                    public void deliver(Event event) {}

                    @Override
                    public void stop() {}
                };
            }
        };
    }

    private ExporterAssembler.Result assemble(ExporterFactory factory, String option) {
        ExporterAssembler assembler = new ExporterAssembler(
                Map.of("probe", new ExporterKind(factory, "test", getClass().getClassLoader())),
                new Negotiator(EventCatalog.load()),
                dir,
                Ticker.SYSTEM,
                Clock.systemUTC());
        return assembler.assemble(ExportOption.parseAll(List.of(option), List.of()));
    }

    @Test
    void invalidSettingsOrDefaultsAreRefusedBeforeAnExporterIsCreated() {
        ExporterAssembler.Result badSetting = assemble(kind(DeliveryDefaults.NONE, Map.of()), "probe:level=7");
        assertEquals(List.of(), badSetting.workers());
        assertTrue(
                badSetting.refusals().get(0).contains("exporter 'probe' refused: ")
                        && badSetting.refusals().get(0).contains("level"),
                badSetting.refusals().toString());

        ExporterAssembler.Result badDefault = assemble(kind(DeliveryDefaults.NONE, Map.of("size", 0)), "probe");
        assertTrue(
                badDefault.refusals().get(0).contains("the queue or retry is invalid: queue size must be >= 1, got 0"),
                badDefault.refusals().toString());
        assertEquals(0, created.get(), "nothing was created for a refused exporter");
    }

    @Test
    void theConfigurationGoesOverTheKindsTypedDefaultsWhichGoOverTheDeprecatedMaps() {
        DeliveryDefaults typed = DeliveryDefaults.builder()
                .overflow(OverflowPolicy.DROP_NEWEST)
                .retry(Backoff.ofMillis(5, 50))
                .build();
        ExporterAssembler.Result r =
                assemble(kind(typed, Map.of("size", 77, "overflow", "block")), "probe:queue.size=12");
        ExporterWorker w = r.workers().get(0);
        try {
            assertEquals(12, w.stats().capacity(), "the configuration's size");
            assertEquals(1, created.get());
        } finally {
            w.stop(0);
        }
        QueueSettings fromKind = KindDelivery.of(kind(typed, Map.of("size", 77, "overflow", "block")))
                .queue();
        assertEquals(77, fromKind.size(), "the map's size, which the typed defaults leave unset");
        assertEquals(OverflowPolicy.DROP_NEWEST, fromKind.overflow(), "the typed overflow wins over the map's");
        assertEquals(
                Backoff.ofMillis(5, 50),
                KindDelivery.of(kind(typed, Map.of())).retry().backoff());
    }
}
