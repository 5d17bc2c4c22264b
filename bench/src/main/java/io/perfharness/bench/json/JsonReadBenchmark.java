package io.perfharness.bench.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/*
 * Parsing the document the example Flask app serves, with Jackson: what a Java client of the app
 * (or a check of its responses) pays per response body.
 *
 * Mode: average time, unit µs per document. State: Scope.Benchmark, the dumped document as bytes
 * and as a String, read once per trial in @Setup into non-final fields (no constant folding);
 * results are returned or, for the token loop, fed to the Blackhole (no dead code). sizeKb is the
 * app's PAYLOAD_KB: 4 (its default) and 100.
 *
 * What to compare:
 *  - streamingTokens: a JsonParser pulled token by token, every value read and consumed; the floor
 *    of any Jackson parse, since the other two models are built on these tokens. The baseline.
 *  - pojoFromBytes: into records through a reused ObjectMapper, the normal way.
 *  - pojoFromString: the same from a String (e.g. a body already decoded to text).
 *  - treeFromBytes: into the tree model (JsonNode).
 *  - newMapperPerCall: the classic mistake, a new ObjectMapper per document: every call rebuilds
 *    the deserializers the reused mapper caches. Read it against pojoFromBytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonReadBenchmark {

    /** Document size in KB ({@code PAYLOAD_KB} of the app). */
    @Param({"4", "100"})
    public String sizeKb;

    private ObjectMapper mapper;
    private JsonFactory factory;
    private byte[] json;
    private String text;

    @Setup
    public void setUp() {
        mapper = new ObjectMapper();
        factory = mapper.getFactory();
        json = Payload.json(sizeKb);
        text = new String(json, StandardCharsets.UTF_8);
    }

    @Benchmark
    public void streamingTokens(Blackhole bh) throws IOException {
        try (JsonParser p = factory.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case FIELD_NAME, VALUE_STRING -> bh.consume(p.getText());
                    case VALUE_NUMBER_INT -> bh.consume(p.getLongValue());
                    case VALUE_NUMBER_FLOAT -> bh.consume(p.getDoubleValue());
                    case VALUE_TRUE, VALUE_FALSE -> bh.consume(p.getBooleanValue());
                    default -> bh.consume(t);
                }
            }
        }
    }

    @Benchmark
    public Payload pojoFromBytes() throws IOException {
        return mapper.readValue(json, Payload.class);
    }

    @Benchmark
    public Payload pojoFromString() throws IOException {
        return mapper.readValue(text, Payload.class);
    }

    @Benchmark
    public JsonNode treeFromBytes() throws IOException {
        return mapper.readTree(json);
    }

    @Benchmark
    public Payload newMapperPerCall() throws IOException {
        return new ObjectMapper().readValue(json, Payload.class);
    }
}
