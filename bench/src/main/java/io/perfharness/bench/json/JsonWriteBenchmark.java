package io.perfharness.bench.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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

/*
 * Serializing the document the example Flask app serves, with Jackson: the work the target does
 * in Python on every request, done the ways a Java service could do it.
 *
 * Mode: average time, unit µs per document. State: Scope.Benchmark, built once per trial in
 * @Setup from the dumped document (records, tree, bytes), held in non-final fields so that nothing
 * can be constant-folded; every method returns its output, which JMH feeds to a Blackhole, so
 * nothing is dead code. sizeKb is the app's PAYLOAD_KB: 4 (its default, 4350 bytes) and 100
 * (102738 bytes).
 *
 * What to compare:
 *  - baselineCopyBytes: a copy of the already serialized bytes; the floor of any "to byte[]":
 *    allocating and filling the output array.
 *  - pojoToBytes: records through a reused ObjectMapper, the normal way.
 *  - pojoToString, pojoToStringThenUtf8: the same to a String (char-based generator), and the
 *    String then encoded to UTF-8 as a response body needs: what choosing String costs.
 *  - treeToBytes: the tree model (JsonNode) instead of records.
 *  - streamingToBytes: a hand-written JsonGenerator walk; no reflection-built serializers.
 *  - newMapperPerCall: the classic mistake, a new ObjectMapper for every document: every call
 *    rebuilds the serializers the reused mapper caches. Read it against pojoToBytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonWriteBenchmark {

    /** Document size in KB ({@code PAYLOAD_KB} of the app). */
    @Param({"4", "100"})
    public String sizeKb;

    private ObjectMapper mapper;
    private JsonFactory factory;
    private byte[] json;
    private Payload document;
    private JsonNode tree;

    @Setup
    public void setUp() throws IOException {
        mapper = new ObjectMapper();
        factory = mapper.getFactory();
        json = Payload.json(sizeKb);
        document = mapper.readValue(json, Payload.class);
        tree = mapper.readTree(json);
    }

    @Benchmark
    public byte[] baselineCopyBytes() {
        return Arrays.copyOf(json, json.length);
    }

    @Benchmark
    public byte[] pojoToBytes() throws IOException {
        return mapper.writeValueAsBytes(document);
    }

    @Benchmark
    public String pojoToString() throws IOException {
        return mapper.writeValueAsString(document);
    }

    @Benchmark
    public byte[] pojoToStringThenUtf8() throws IOException {
        return mapper.writeValueAsString(document).getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] treeToBytes() throws IOException {
        return mapper.writeValueAsBytes(tree);
    }

    @Benchmark
    public byte[] streamingToBytes() throws IOException {
        ByteArrayBuilder out = new ByteArrayBuilder();
        try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
            PayloadWriter.write(document, g);
        }
        byte[] bytes = out.toByteArray();
        out.release();
        return bytes;
    }

    @Benchmark
    public byte[] newMapperPerCall() throws IOException {
        return new ObjectMapper().writeValueAsBytes(document);
    }
}
