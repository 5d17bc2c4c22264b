package io.perfharness.bench.json;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes a {@link Payload} field by field with Jackson's streaming {@link JsonGenerator}, in the app's key order. */
final class PayloadWriter {

    private PayloadWriter() {
    }

    static void write(Payload p, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("version", p.version());
        g.writeStringField("generated", p.generated());
        g.writeBooleanField("ok", p.ok());
        g.writeStringField("error", p.error());
        g.writeObjectFieldStart("meta");
        g.writeStringField("source", p.meta().source());
        g.writeStringField("locale", p.meta().locale());
        g.writeStringField("greeting", p.meta().greeting());
        g.writeObjectFieldStart("limits");
        g.writeNumberField("page", p.meta().limits().page());
        g.writeNumberField("per_page", p.meta().limits().perPage());
        g.writeNumberField("pi", p.meta().limits().pi());
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        for (Payload.Item item : p.items()) {
            writeItem(item, g);
        }
        g.writeEndArray();
        g.writeNumberField("count", p.count());
        g.writeEndObject();
    }

    private static void writeItem(Payload.Item i, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", i.id());
        g.writeStringField("uuid", i.uuid());
        g.writeStringField("name", i.name());
        g.writeBooleanField("active", i.active());
        g.writeNumberField("score", i.score());
        g.writeNumberField("ratio", i.ratio());
        if (i.manager() == null) {
            g.writeNullField("manager");
        } else {
            g.writeNumberField("manager", i.manager());
        }
        g.writeObjectFieldStart("address");
        g.writeStringField("city", i.address().city());
        g.writeStringField("zip", i.address().zip());
        g.writeObjectFieldStart("geo");
        g.writeNumberField("lat", i.address().geo().lat());
        g.writeNumberField("lon", i.address().geo().lon());
        g.writeEndObject();
        g.writeEndObject();
        g.writeArrayFieldStart("tags");
        for (String tag : i.tags()) {
            g.writeString(tag);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("history");
        for (Payload.Event e : i.history()) {
            g.writeStartObject();
            g.writeNumberField("t", e.t());
            g.writeBooleanField("ok", e.ok());
            g.writeNumberField("v", e.v());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("note", i.note());
        g.writeEndObject();
    }
}
