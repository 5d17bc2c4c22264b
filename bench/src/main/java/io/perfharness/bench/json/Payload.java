package io.perfharness.bench.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The document the example Flask app serves ({@code examples/flask-json/payload.py}), as records:
 * nested objects, unicode strings (accents, CJK, emoji), ints, floats, booleans and nulls.
 * <p>
 * The serialized documents are resources dumped from {@code payload.py} itself, so Java parses
 * exactly what the app sends; {@code bench/scripts/dump-payloads.sh} regenerates them.
 *
 * @param version   always 1
 * @param generated fixed ISO-8601 time stamp
 * @param ok        always true
 * @param error     always null
 * @param meta      fixed header object
 * @param items     user-like records, ~450 bytes each, as many as make the size
 * @param count     number of {@code items}
 */
public record Payload(int version, String generated, boolean ok, String error, Meta meta, List<Item> items,
                      int count) {

    /** Sizes of the dumped documents, in KB of UTF-8 JSON ({@code PAYLOAD_KB}): the app's default and a big one. */
    public static final List<String> SIZES_KB = List.of("4", "100");

    /** @param sizeKb one of {@link #SIZES_KB} */
    public static byte[] json(String sizeKb) {
        String name = "/payload/flask-json-" + sizeKb + "kb.json";
        try (InputStream in = Payload.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no payload of " + sizeKb + " KB: resource " + name
                        + " is missing (sizes: " + SIZES_KB + ")");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    public record Meta(String source, String locale, String greeting, Limits limits) {
    }

    public record Limits(int page, @JsonProperty("per_page") int perPage, double pi) {
    }

    /** @param manager null about half the time */
    public record Item(long id, String uuid, String name, boolean active, double score, double ratio, Long manager,
                       Address address, List<String> tags, List<Event> history, String note) {
    }

    public record Address(String city, String zip, Geo geo) {
    }

    public record Geo(double lat, double lon) {
    }

    /** @param t epoch seconds; @param v a signed 41-bit value */
    public record Event(long t, boolean ok, long v) {
    }
}
