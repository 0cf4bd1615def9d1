package org.panjereh.gateway;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The test profile's span exporter: Quarkus sends every finished span to CDI's span exporters. */
final class TestSpanExporter {

    private TestSpanExporter() {
    }

    @Produces
    @Singleton
    static InMemorySpanExporter exporter() {
        return InMemorySpanExporter.create();
    }
}
