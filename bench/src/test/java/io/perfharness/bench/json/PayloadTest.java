package io.perfharness.bench.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON benchmarks compare like with like: every way of writing gives the app's document back. */
class PayloadTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"4", "100"})
    void recordsHoldTheWholeDocumentOfTheApp(String sizeKb) throws IOException {
        byte[] json = Payload.json(sizeKb);
        JsonNode original = mapper.readTree(json);

        Payload payload = mapper.readValue(json, Payload.class);

        assertThat(json.length).isBetween(Integer.parseInt(sizeKb) * 1024, Integer.parseInt(sizeKb) * 1024 + 1024);
        assertThat(payload.items()).hasSize(payload.count()).isNotEmpty();
        assertThat(mapper.readTree(mapper.writeValueAsBytes(payload))).isEqualTo(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"4", "100"})
    void streamingWriterWritesTheSameDocumentInTheSameKeyOrder(String sizeKb) throws IOException {
        byte[] json = Payload.json(sizeKb);
        Payload payload = mapper.readValue(json, Payload.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            PayloadWriter.write(payload, g);
        }

        assertThat(mapper.readTree(out.toByteArray())).isEqualTo(mapper.readTree(json));
        assertThat(out.toByteArray()).isEqualTo(mapper.writeValueAsBytes(payload));
    }
}
